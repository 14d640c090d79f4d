// A small harness for the pure roll state machine: a hand-made plan, and helpers that feed events and
// collect effects. The simulator scenarios (test/engine) cover whole rolls; these pin single rules.
import type { DaemonSetManifest } from '../../../src/kube/port.js';
import type { Pod } from '../../../src/core/model.js';
import type { PlannedNode, RollPlan } from '../../../src/core/plan.js';
import type { Effect, RollEvent } from '../../../src/core/roll/effects.js';
import { initialRollState } from '../../../src/core/roll/init.js';
import type { RollSettings, RollState } from '../../../src/core/roll/state.js';
import { transition } from '../../../src/core/roll/transition.js';

export const T0 = 1_767_225_600;

export const settings: RollSettings = {
  drainTimeoutSeconds: 900,
  prepull: false,
  force: false,
  deleteEmptyDirData: false,
  disregardDoNotDisrupt: false,
  prepullTimeoutSeconds: 600,
  launchTimeoutSeconds: 900,
};

/** A plan of one group `ng` with `count` old nodes `old-0…` spread over zones a, b, c. */
export function onePlan(count: number, opts: { surge?: number; maxUnavailable?: number; desired?: number; max?: number; suspended?: string[] } = {}): RollPlan {
  const zones = ['a', 'b', 'c'];
  const nodes: PlannedNode[] = Array.from({ length: count }, (_, i) => ({
    name: `old-${i}`,
    group: 'ng',
    zone: zones[i % 3] ?? 'a',
    instanceId: `i-old${i}`,
    reasons: [{ code: 'launch-template-version', message: 'version 1, group wants 2' }],
    podsToEvict: 1,
  }));
  const desired = opts.desired ?? count;
  return {
    cluster: 'test',
    groups: [
      {
        name: 'ng',
        zones,
        size: { min: 1, max: opts.max ?? desired + 5, desired },
        suspendedProcesses: opts.suspended ?? [],
        surge: opts.surge ?? 1,
        maxUnavailable: opts.maxUnavailable ?? 0,
        nodes: nodes.map((n) => n.name),
      },
    ],
    nodes,
    skipped: [],
    blockers: [],
    warnings: [],
    findings: [],
    prepull: [],
  };
}

export function start(plan: RollPlan, s: Partial<RollSettings> = {}, prepullManifests: DaemonSetManifest[] = []): RollState {
  return initialRollState({
    rollId: 'r1',
    plan,
    view: { name: 'test', now: T0, groups: [], launchTemplates: [], nodes: [], pods: [], workloads: [], pdbs: [] },
    settings: { ...settings, ...s },
    prepullManifests,
  });
}

/** Feeds events one after another; returns the final state and every effect issued, in order. */
export function feed(state: RollState, events: RollEvent[]): { state: RollState; effects: Effect[] } {
  const effects: Effect[] = [];
  let s = state;
  for (const e of events) {
    const t = transition(s, e);
    s = t.state;
    effects.push(...t.effects);
  }
  return { state: s, effects };
}

export function pod(name: string, node: string, extra: Partial<Pod> = {}): Pod {
  return {
    namespace: 'app',
    name,
    uid: `uid-${name}`,
    nodeName: node,
    labels: { app: 'web' },
    annotations: {},
    owner: { kind: 'ReplicaSet', name: 'web-abc', controller: true },
    phase: 'Running',
    ready: true,
    priority: 0,
    volumes: [],
    initContainers: [],
    containers: [{ name: 'web', image: 'web:1' }],
    requests: { cpu: 100, memory: 128 },
    imagePullSecrets: [],
    tolerations: [],
    nodeSelector: {},
    terminationGracePeriodSeconds: 30,
    imagePullFailures: [],
    ...extra,
  };
}

export const types = (effects: Effect[]) => effects.map((e) => `${e.type}:${e.key}`);
