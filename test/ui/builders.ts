// Small valid plans and results for the formatter tests.
import type { RollPlan } from '../../src/core/plan.js';
import type { RollResult, SimulationReport } from '../../src/core/result.js';

export function samplePlan(overrides: Partial<RollPlan> = {}): RollPlan {
  return {
    cluster: 'demo',
    groups: [
      {
        name: 'workers-a',
        zones: ['eu-west-1a', 'eu-west-1b'],
        size: { min: 2, max: 6, desired: 3 },
        suspendedProcesses: ['AZRebalance'],
        surge: 1,
        maxUnavailable: 0,
        target: 'lt-0abc:7',
        nodes: ['ip-10-0-1-1', 'ip-10-0-2-2'],
      },
    ],
    nodes: [
      {
        name: 'ip-10-0-1-1',
        group: 'workers-a',
        zone: 'eu-west-1a',
        instanceId: 'i-0001',
        reasons: [
          { code: 'launch-template-version', message: 'launch template lt-0abc version 6; the group wants 7' },
          { code: 'max-age', message: 'older than 30d (41d)' },
        ],
        podsToEvict: 8,
      },
      {
        name: 'ip-10-0-2-2',
        group: 'workers-a',
        zone: 'eu-west-1b',
        instanceId: 'i-0002',
        reasons: [{ code: 'named', message: 'named with --node' }],
        podsToEvict: 3,
      },
    ],
    skipped: [{ name: 'ip-10-0-3-3', reason: 'up to date' }],
    blockers: [],
    warnings: [],
    findings: [],
    prepull: [{ group: 'workers-a', namespace: 'shop', images: ['registry/shop/api:1.2', 'registry/shop/web:3.4'], pullSecrets: ['regcred'] }],
    ...overrides,
  };
}

export const simulation: SimulationReport = {
  virtualSeconds: 2480,
  pdbViolations: 0,
  lostPods: 0,
  minReadyCapacityRatio: 1,
  maxExtraInstances: 2,
  evictions: 40,
  evictionsRefusedByPdb: 6,
  movedPodStartupSeconds: { p50: 9, p95: 31 },
  outdatedNodesRemaining: 0,
  unreadyControllerPods: 0,
};

export function sampleResult(overrides: Partial<RollResult> = {}): RollResult {
  return {
    outcome: 'succeeded',
    cluster: 'demo',
    startedAt: 1_700_000_000,
    finishedAt: 1_700_002_480,
    nodes: [
      {
        name: 'ip-10-0-1-1',
        group: 'workers-a',
        zone: 'eu-west-1a',
        instanceId: 'i-0001',
        reasons: [{ code: 'launch-template-version', message: 'launch template lt-0abc version 6; the group wants 7' }],
        action: 'replaced',
        replacement: { name: 'ip-10-0-9-9', zone: 'eu-west-1b', instanceId: 'i-0009' },
        evictedPods: 8,
      },
    ],
    groups: [
      {
        name: 'workers-a',
        surge: 1,
        maxUnavailable: 0,
        before: { min: 2, max: 6, desired: 3 },
        after: { min: 2, max: 6, desired: 3 },
        suspendedProcessesBefore: ['AZRebalance'],
        suspendedProcessesAfter: ['AZRebalance'],
      },
    ],
    blockers: [],
    warnings: [],
    prepull: [{ namespace: 'shop', images: ['registry/shop/api:1.2'] }],
    simulation,
    ...overrides,
  };
}
