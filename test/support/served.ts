// What the tests against `sim serve` (test/e2e/served-*, test/chaos) share: the AWS environment that points the
// real SDK at the served endpoints, reads of the served cluster over its API (the journal, the lock, the
// simulator's report), and the end state every safe run must leave.
import { expect } from 'vitest';
import type { RollState } from '../../src/core/roll/state.js';
import type { SimulationReport } from '../../src/core/result.js';
import type { RunningSim } from '../../src/sim/serve/server.js';

export interface GroupSize {
  min: number;
  max: number;
  desired: number;
  suspended: string[];
}

/** The AWS SDK's environment for the served endpoints, with no profile or credentials file of the machine's. */
export function awsEnv(s: RunningSim): NodeJS.ProcessEnv {
  return { AWS_ENDPOINT_URL: s.info.aws ?? '', AWS_REGION: s.info.region, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_PROFILE: undefined, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
}

/** The simulator's own account of the invariants, as `GET /sim/v1/report` serves it. */
export async function simReport(s: RunningSim): Promise<SimulationReport> {
  const response = await fetch(`${s.info.kubernetes}/sim/v1/report`);
  expect(response.status).toBe(200);
  return (await response.json()) as SimulationReport;
}

/** The roll state in the journal ConfigMap, or undefined when there is none. */
export async function journal(s: RunningSim): Promise<RollState | undefined> {
  const response = await fetch(`${s.info.kubernetes}/api/v1/namespaces/kube-system/configmaps/dextre-journal`);
  if (response.status === 404) return undefined;
  const cm = (await response.json()) as { data?: Record<string, string> };
  return (JSON.parse(cm.data?.['state.json'] ?? '{}') as { state?: RollState }).state;
}

/** The holder of the lock Lease, or undefined when nobody holds it. */
export async function lockHolder(s: RunningSim): Promise<string | undefined> {
  const response = await fetch(`${s.info.kubernetes}/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/dextre-lock`);
  return response.status === 200 ? ((await response.json()) as { spec?: { holderIdentity?: string } }).spec?.holderIdentity : undefined;
}

/** Each group's min, max, desired and suspended processes, read from the world. */
export function groups(s: RunningSim): Map<string, GroupSize> {
  return new Map([...s.ctx.world.groups.values()].map((g) => [g.name, { min: g.min, max: g.max, desired: g.desired, suspended: [...g.suspended].sort() }]));
}

/** Polls `check` (real time: the served world moves on its own) until it holds; throws after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Every group back at its size before the roll, with the processes suspended as before — except AZRebalance,
 * which a roll may leave suspended when the zones ended uneven, and then only with the warning that says so.
 */
export function expectGroupsRestored(s: RunningSim, before: Map<string, GroupSize>, warnings: string[]): void {
  for (const [name, g] of groups(s)) {
    const was = before.get(name);
    expect([g.min, g.max, g.desired], name).toEqual([was?.min, was?.max, was?.desired]);
    expect(was?.suspended.filter((p) => !g.suspended.includes(p)), `${name}: processes suspended before the roll and resumed by it`).toEqual([]);
    const left = g.suspended.filter((p) => !was?.suspended.includes(p));
    if (left.length > 0) {
      expect(left).toEqual(['AZRebalance']);
      expect(warnings.some((w) => w.startsWith(`group ${name}: AZRebalance left suspended`))).toBe(true);
    }
  }
}

/** No mark of dextre on a live node, no pre-pull DaemonSet, the lock released, and the simulator saw no harm. */
export async function expectCleanCluster(s: RunningSim): Promise<void> {
  for (const { node, instanceId } of s.ctx.world.nodes.values()) {
    const live = instanceId !== undefined && s.ctx.world.instances.get(instanceId)?.lifecycle === 'InService';
    if (!live) continue;
    expect(node.unschedulable, node.name).toBe(false);
    expect(node.taints.filter((t) => t.key.startsWith('dextre.io/')), node.name).toEqual([]);
    expect(Object.keys(node.labels).filter((k) => k.startsWith('dextre.io/')), node.name).toEqual([]);
    expect(node.annotations['cluster-autoscaler.kubernetes.io/scale-down-disabled'], node.name).toBeUndefined();
  }
  expect([...s.ctx.world.workloads.keys()].some((k) => k.includes('dextre-prepull'))).toBe(false);
  expect(await simReport(s)).toMatchObject({ pdbViolations: 0, lostPods: 0 });
  expect(await lockHolder(s)).toBeUndefined();
}

/** Each instance was terminated through the API at most once (a re-issued terminate finds it already going). */
export function expectNoInstanceTerminatedTwice(s: RunningSim): void {
  const terminated = s.ctx.world.actions.filter((a) => a.verb === 'terminateInstance' && a.detail === 'terminating').map((a) => a.target);
  expect(terminated.filter((id, i) => terminated.indexOf(id) !== i), 'instances terminated twice').toEqual([]);
}
