// A pod's effective resource requests, by Kubernetes' rule (k8s.io/component-helpers resource.PodRequests,
// what the scheduler and `kubectl describe node` use):
//   - regular containers add up; sidecars (init containers with restartPolicy Always) add to that sum too;
//   - each ordinary init container runs alone beside the sidecars started before it, so it needs its own
//     request plus theirs;
//   - the pod needs the larger of the two, per resource; pod-level requests (PodLevelResources), when
//     set, replace the containers' for that resource; the RuntimeClass overhead is added last.
// In-place resize (status.containerStatuses[].allocatedResources) is not considered: spec requests only.
import type { Resources } from '../../core/model.js';
import { cpuMillicores, memoryMiB } from '../quantity.js';
import type { KContainer, KPodSpec, KResourceList } from './shapes.js';

function amounts(list: KResourceList | undefined): Resources {
  return {
    cpu: list?.['cpu'] === undefined ? 0 : (cpuMillicores(list['cpu']) ?? 0),
    memory: list?.['memory'] === undefined ? 0 : (memoryMiB(list['memory']) ?? 0),
  };
}

function add(a: Resources, b: Resources): Resources {
  return { cpu: a.cpu + b.cpu, memory: a.memory + b.memory };
}

function max(a: Resources, b: Resources): Resources {
  return { cpu: Math.max(a.cpu, b.cpu), memory: Math.max(a.memory, b.memory) };
}

function containerRequests(c: KContainer): Resources {
  return amounts(c.resources?.requests);
}

/** CPU in millicores, memory in MiB. */
export function podRequests(spec: KPodSpec | undefined): Resources {
  let regular: Resources = { cpu: 0, memory: 0 };
  for (const c of spec?.containers ?? []) regular = add(regular, containerRequests(c));
  let sidecars: Resources = { cpu: 0, memory: 0 };
  let initPeak: Resources = { cpu: 0, memory: 0 };
  for (const c of spec?.initContainers ?? []) {
    const own = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      regular = add(regular, own);
      sidecars = add(sidecars, own);
      initPeak = max(initPeak, sidecars);
    } else {
      initPeak = max(initPeak, add(own, sidecars));
    }
  }
  let total = max(regular, initPeak);
  const podLevel = spec?.resources?.requests;
  if (podLevel?.['cpu'] !== undefined) total = { ...total, cpu: amounts(podLevel).cpu };
  if (podLevel?.['memory'] !== undefined) total = { ...total, memory: amounts(podLevel).memory };
  return add(total, amounts(spec?.overhead));
}
