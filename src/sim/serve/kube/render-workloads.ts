// Deployments, ReplicaSets, StatefulSets, DaemonSets and Jobs as the API server returns them, from the
// simulator's controllers. Status fields follow each type's JSON tags (zeros left out where upstream
// has `omitempty`); the counts come from the world's pods: `active` (not terminating, not finished) and
// `ready` (Ready and active, the world's readyReplicas). A Deployment is its one ReplicaSet's owner.
import type { LabelSelector } from '../../../core/model.js';
import type { SimWorkload } from '../../state.js';
import { objectUid, rfc3339 } from './format.js';
import { compact, isObject, nonEmpty, type Json, type JsonObject } from './json.js';

export interface WorkloadCounts {
  /** Pods not terminating and not finished. */
  active: number;
  /** Ready and active pods. */
  ready: number;
  /** DaemonSets: nodes that should run the pod (desiredNumberScheduled). */
  desired: number;
}

export interface ObjectMeta {
  /** Virtual epoch seconds. */
  created: number;
  /** metadata.generation, bumped when the spec changes (observed at once: controllers are in process). */
  generation: number;
}

export function selectorJson(s: LabelSelector): JsonObject {
  return compact({
    matchLabels: s.matchLabels ? { ...s.matchLabels } : undefined,
    matchExpressions: s.matchExpressions?.map((e) => compact({ key: e.key, operator: e.operator, values: e.values ? [...e.values] : undefined })),
  });
}

function metadata(kind: string, w: { namespace: string; name: string }, meta: ObjectMeta, extra: { labels?: JsonObject | undefined; annotations?: JsonObject | undefined; ownerReferences?: Json[] | undefined } = {}): JsonObject {
  return compact({
    name: w.name,
    namespace: w.namespace,
    uid: objectUid(kind, w.namespace, w.name),
    resourceVersion: '',
    generation: meta.generation,
    creationTimestamp: rfc3339(meta.created),
    labels: extra.labels,
    annotations: extra.annotations,
    ownerReferences: extra.ownerReferences,
  });
}

function positive(n: number): number | undefined {
  return n > 0 ? n : undefined;
}

/** The Deployment behind a ReplicaSet (`w.deployment` set). */
export function renderDeployment(w: SimWorkload, c: WorkloadCounts, meta: ObjectMeta, template: JsonObject): JsonObject {
  const name = w.deployment ?? w.name;
  const matchLabels = { ...w.selector.matchLabels };
  delete matchLabels['pod-template-hash'];
  const maxUnavailable = Math.floor(w.replicas * 0.25);
  const available = c.ready >= w.replicas - maxUnavailable;
  const since = rfc3339(meta.created);
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: metadata('Deployment', { namespace: w.namespace, name }, meta, { annotations: { 'deployment.kubernetes.io/revision': '1' } }),
    spec: {
      replicas: w.replicas,
      selector: { matchLabels },
      template,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: compact({
      observedGeneration: meta.generation,
      replicas: positive(c.active),
      updatedReplicas: positive(c.active),
      readyReplicas: positive(c.ready),
      availableReplicas: positive(c.ready),
      unavailableReplicas: positive(w.replicas - c.ready),
      conditions: [
        available
          ? { type: 'Available', status: 'True', lastUpdateTime: since, lastTransitionTime: since, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
          : { type: 'Available', status: 'False', lastUpdateTime: since, lastTransitionTime: since, reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
        { type: 'Progressing', status: 'True', lastUpdateTime: since, lastTransitionTime: since, reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${w.name}" has successfully progressed.` },
      ],
    }),
  };
}

export function renderReplicaSet(w: SimWorkload, c: WorkloadCounts, meta: ObjectMeta, template: JsonObject): JsonObject {
  const owner = w.deployment === undefined ? undefined : [{ apiVersion: 'apps/v1', kind: 'Deployment', name: w.deployment, uid: objectUid('Deployment', w.namespace, w.deployment), controller: true, blockOwnerDeletion: true }];
  return {
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    metadata: metadata('ReplicaSet', w, meta, {
      labels: nonEmpty(w.selector.matchLabels ?? {}),
      annotations: w.deployment === undefined ? undefined : { 'deployment.kubernetes.io/desired-replicas': String(w.replicas), 'deployment.kubernetes.io/max-replicas': String(w.replicas + Math.ceil(w.replicas * 0.25)), 'deployment.kubernetes.io/revision': '1' },
      ownerReferences: owner,
    }),
    spec: { replicas: w.replicas, selector: selectorJson(w.selector), template },
    status: compact({ replicas: c.active, fullyLabeledReplicas: positive(c.active), readyReplicas: positive(c.ready), availableReplicas: positive(c.ready), observedGeneration: meta.generation }),
  };
}

export function renderStatefulSet(w: SimWorkload, c: WorkloadCounts, meta: ObjectMeta, template: JsonObject): JsonObject {
  const revision = `${w.name}-${objectUid('ControllerRevision', w.namespace, w.name).slice(0, 10).replace(/-/g, '')}`;
  return {
    kind: 'StatefulSet',
    apiVersion: 'apps/v1',
    metadata: metadata('StatefulSet', w, meta),
    spec: {
      replicas: w.replicas,
      selector: selectorJson(w.selector),
      template,
      serviceName: w.name,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    },
    status: compact({
      observedGeneration: meta.generation,
      replicas: c.active,
      readyReplicas: positive(c.ready),
      currentReplicas: positive(c.active),
      updatedReplicas: positive(c.active),
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
      availableReplicas: c.ready,
    }),
  };
}

/** `scheduled`: nodes running an active pod of the DaemonSet; `annotations`: those written through the API. */
export function renderDaemonSet(w: SimWorkload, c: WorkloadCounts & { scheduled: number }, meta: ObjectMeta, template: JsonObject, annotations: Record<string, string>): JsonObject {
  const applied = w.manifest === undefined ? undefined : (JSON.parse(w.manifest) as unknown);
  const labels = isObject(applied) && isObject(applied['metadata']) && isObject(applied['metadata']['labels']) ? applied['metadata']['labels'] : undefined;
  return {
    kind: 'DaemonSet',
    apiVersion: 'apps/v1',
    metadata: metadata('DaemonSet', w, meta, { labels, annotations: { ...annotations, 'deprecated.daemonset.template.generation': String(meta.generation) } }),
    spec: {
      selector: selectorJson(w.selector),
      template,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
    status: compact({
      currentNumberScheduled: c.scheduled,
      numberMisscheduled: 0,
      desiredNumberScheduled: c.desired,
      numberReady: c.ready,
      observedGeneration: meta.generation,
      updatedNumberScheduled: positive(c.scheduled),
      numberAvailable: positive(c.ready),
      numberUnavailable: positive(c.desired - c.ready),
    }),
  };
}

export function renderJob(w: SimWorkload, c: WorkloadCounts, meta: ObjectMeta, template: JsonObject): JsonObject {
  const complete = w.succeeded >= w.replicas;
  return {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata: metadata('Job', w, meta, { labels: nonEmpty(w.template.labels) }),
    spec: {
      parallelism: w.replicas,
      completions: w.replicas,
      backoffLimit: 6,
      selector: selectorJson(w.selector),
      template,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    },
    status: compact({
      conditions: complete ? [{ type: 'Complete', status: 'True', lastProbeTime: rfc3339(meta.created), lastTransitionTime: rfc3339(meta.created) }] : undefined,
      startTime: rfc3339(meta.created),
      active: positive(c.active),
      succeeded: positive(w.succeeded),
      terminating: 0,
      uncountedTerminatedPods: {},
      ready: c.ready,
    }),
  };
}
