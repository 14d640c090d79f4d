// A DaemonSet sent to the API, read as the simulator's DaemonSetManifest (the shape dextre's pre-pull
// DaemonSets have, which SimKube.applyDaemonSet takes). Simplified, as the simulator models DaemonSets:
// a selector of matchLabels only; tolerations kept only when they tolerate everything (operator Exists,
// no key, no effect) — a narrower toleration is dropped, so the pod stays off tainted nodes rather than
// being placed where it would not be; volumes kept only when emptyDir; container requests default to 0.
import type { DaemonSetManifest, PrepullContainer } from '../../../kube/port.js';
import { arrayAt, at, isObject, numberAt, objectAt, stringAt, stringMap, type Json, type JsonObject } from './json.js';
import { invalid } from './status.js';

export function toManifest(body: JsonObject, namespace: string, name: string): DaemonSetManifest {
  const fail = (field: string, message: string, reason?: string) => invalid('DaemonSet', 'apps', name, [{ field, message, ...(reason ? { reason } : {}) }]);
  const selector = objectAt(body, 'spec', 'selector');
  if (!selector) throw fail('spec.selector', 'Required value', 'FieldValueRequired');
  if (arrayAt(selector, 'matchExpressions')?.length) throw fail('spec.selector.matchExpressions', 'Unsupported value: the simulator models DaemonSet selectors of matchLabels only', 'FieldValueNotSupported');
  const template = objectAt(body, 'spec', 'template');
  const spec = objectAt(template, 'spec') ?? {};
  const containers = (arrayAt(spec, 'containers') ?? []).map((c, i) => container(c, `spec.template.spec.containers[${i}]`, fail));
  if (containers.length === 0) throw fail('spec.template.spec.containers', 'Required value', 'FieldValueRequired');
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace, labels: stringMap(at(body, 'metadata', 'labels')) },
    spec: {
      selector: { matchLabels: stringMap(selector['matchLabels']) },
      template: {
        metadata: { labels: stringMap(at(template, 'metadata', 'labels')) },
        spec: {
          nodeSelector: stringMap(spec['nodeSelector']),
          tolerations: (arrayAt(spec, 'tolerations') ?? []).filter(toleratesEverything).map(() => ({ operator: 'Exists' as const })),
          imagePullSecrets: (arrayAt(spec, 'imagePullSecrets') ?? []).flatMap((s) => (typeof stringAt(s, 'name') === 'string' ? [{ name: stringAt(s, 'name') ?? '' }] : [])),
          terminationGracePeriodSeconds: numberAt(spec, 'terminationGracePeriodSeconds') ?? 30,
          volumes: (arrayAt(spec, 'volumes') ?? []).flatMap((v) => (isObject(at(v, 'emptyDir')) && stringAt(v, 'name') !== undefined ? [{ name: stringAt(v, 'name') ?? '', emptyDir: {} }] : [])),
          initContainers: (arrayAt(spec, 'initContainers') ?? []).map((c, i) => container(c, `spec.template.spec.initContainers[${i}]`, fail)),
          containers,
        },
      },
    },
  };
}

function toleratesEverything(t: Json): boolean {
  return stringAt(t, 'operator') === 'Exists' && (stringAt(t, 'key') ?? '') === '' && (stringAt(t, 'effect') ?? '') === '';
}

function container(c: Json, field: string, fail: (field: string, message: string, reason?: string) => Error): PrepullContainer {
  const name = stringAt(c, 'name') ?? '';
  const image = stringAt(c, 'image') ?? '';
  if (name === '') throw fail(`${field}.name`, 'Required value', 'FieldValueRequired');
  if (image === '') throw fail(`${field}.image`, 'Required value', 'FieldValueRequired');
  const quantity = (kind: 'requests' | 'limits', resource: 'cpu' | 'memory'): string | undefined => {
    const v = at(c, 'resources', kind, resource);
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
  };
  const requests = { cpu: quantity('requests', 'cpu') ?? quantity('limits', 'cpu') ?? '0', memory: quantity('requests', 'memory') ?? quantity('limits', 'memory') ?? '0' };
  const out: PrepullContainer = {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    resources: { requests, limits: { cpu: quantity('limits', 'cpu') ?? requests.cpu, memory: quantity('limits', 'memory') ?? requests.memory } },
  };
  const command = arrayAt(c, 'command');
  if (command) out.command = command.filter((s): s is string => typeof s === 'string');
  const mounts = arrayAt(c, 'volumeMounts');
  if (mounts) out.volumeMounts = mounts.flatMap((m) => (stringAt(m, 'name') !== undefined && stringAt(m, 'mountPath') !== undefined ? [{ name: stringAt(m, 'name') ?? '', mountPath: stringAt(m, 'mountPath') ?? '' }] : []));
  return out;
}
