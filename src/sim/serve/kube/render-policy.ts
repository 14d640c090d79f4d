// PodDisruptionBudgets (policy/v1) with the status the disruption controller writes, and Namespaces.
import type { Pdb } from '../../../core/model.js';
import { objectUid, rfc3339 } from './format.js';
import { compact, type JsonObject } from './json.js';
import { selectorJson, type ObjectMeta } from './render-workloads.js';

/** `allowedSince`: when disruptionsAllowed last went from 0 to more or back (the condition's transition). */
export function renderPdb(pdb: Pdb, meta: ObjectMeta, allowedSince: number): JsonObject {
  const allowed = pdb.status.disruptionsAllowed > 0;
  return {
    kind: 'PodDisruptionBudget',
    apiVersion: 'policy/v1',
    metadata: {
      name: pdb.name,
      namespace: pdb.namespace,
      uid: objectUid('PodDisruptionBudget', pdb.namespace, pdb.name),
      resourceVersion: '',
      generation: meta.generation,
      creationTimestamp: rfc3339(meta.created),
    },
    spec: compact({
      minAvailable: pdb.minAvailable,
      selector: selectorJson(pdb.selector),
      maxUnavailable: pdb.maxUnavailable,
    }),
    status: {
      observedGeneration: meta.generation,
      disruptionsAllowed: pdb.status.disruptionsAllowed,
      currentHealthy: pdb.status.currentHealthy,
      desiredHealthy: pdb.status.desiredHealthy,
      expectedPods: pdb.status.expectedPods,
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: allowed ? 'True' : 'False',
          observedGeneration: meta.generation,
          lastTransitionTime: rfc3339(allowedSince),
          reason: allowed ? 'SufficientPods' : 'InsufficientPods',
          message: '',
        },
      ],
    },
  };
}

export function renderNamespace(name: string, created: number, labels: Record<string, string>, annotations: Record<string, string>): JsonObject {
  return {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: compact({
      name,
      uid: objectUid('Namespace', '', name),
      resourceVersion: '',
      creationTimestamp: rfc3339(created),
      labels: { ...labels, 'kubernetes.io/metadata.name': name },
      annotations: Object.keys(annotations).length > 0 ? { ...annotations } : undefined,
    }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}
