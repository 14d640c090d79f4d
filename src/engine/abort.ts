// `dextre abort`: stop a roll for good and put the cluster back as it was before it. A roll running in
// another dextre is asked to stop through its lock (it unwinds as on Ctrl-C); a roll that died is
// resumed from its journal only to unwind. Then the roll's surplus — replacements it launched and did
// not balance with terminations — is drained through the Eviction API and terminated with decrement, so
// each group ends at its original min, max and desired, with only the processes dextre suspended resumed.
// Every step is idempotent: a second abort finds nothing more to do.
import { pause } from '../clock/pause.js';
import type { AbortFound, AbortResult } from '../core/abort-result.js';
import { DextreError, isDextreError } from '../core/errors.js';
import { MIRROR_ANNOTATION } from '../core/filters.js';
import { instanceIdOf, type NodeGroup, type Pod } from '../core/model.js';
import type { RollSettings, RollState } from '../core/roll/state.js';
import { instancesPerZone, zonesEven } from '../core/roll/restore.js';
import { surplusReplacements, type SurplusGroup } from '../core/roll/surplus.js';
import type { DrainNodeResult } from '../core/drain-result.js';
import type { Blocker } from '../core/plan.js';
import type { EngineContext, EngineEvent } from './api.js';
import { executeDrain, prepareDrain } from './drain.js';
import { holdingLock } from './lock.js';
import { nodeEventRecorder } from './node-events.js';
import { groupResults } from './result.js';
import { loadRollState, runLoop } from './roll.js';

export interface AbortContext extends EngineContext {
  /** Explicit Auto Scaling group names (dextre.yaml `groups`). */
  groupNames?: string[] | undefined;
}

export interface AbortOptions {
  /** Who aborts (host/pid), recorded on the lock's stop request and in the journal. */
  by: string;
  /** Seconds to wait for a running roll to stop and release the lock. */
  waitSeconds: number;
  /** How the surplus replacements are drained (the roll's own overrides: --force, …). */
  settings: RollSettings;
}

/** Seconds between attempts to take the lock while a running roll unwinds. */
const LOCK_RETRY_SECONDS = 2;

export async function abortRoll(ctx: AbortContext, cluster: string, options: AbortOptions): Promise<AbortResult> {
  const startedAt = ctx.clock.now();
  let asked: string | undefined;
  for (;;) {
    let started = false;
    try {
      return await holdingLock(ctx, (locked, notes) => {
        started = true;
        return abortLocked(locked, cluster, options, { startedAt, notes, ...(asked !== undefined ? { stopped: asked } : {}) });
      });
    } catch (e: unknown) {
      if (started || !ctx.lock || !(isDextreError(e) && e.code === 'LOCKED')) throw e;
      asked ??= await askToStop(ctx, options.by);
      if (ctx.clock.now() - startedAt > options.waitSeconds) {
        throw new DextreError(
          'LOCKED',
          `The roll holding the lock (${asked ?? 'unknown holder'}) was asked to stop but has not released the lock within ${options.waitSeconds}s; it may still be unwinding a drain. ` +
            `Run \`dextre status --cluster ${cluster}\` to see what it waits on, then run dextre abort again (or pass a longer --wait).`,
        );
      }
      await pause(ctx.clock, LOCK_RETRY_SECONDS);
    }
  }
}

async function askToStop(ctx: AbortContext, by: string): Promise<string | undefined> {
  const holder = await ctx.lock?.requestStop(by);
  if (holder !== undefined) {
    ctx.listener?.({ type: 'warning', at: ctx.clock.now(), message: `asked the running roll (${holder}) to stop; waiting for it to unwind and release the lock` });
  }
  return holder;
}

interface Found {
  startedAt: number;
  notes: string[];
  stopped?: string;
}

async function abortLocked(ctx: AbortContext, cluster: string, options: AbortOptions, found: Found): Promise<AbortResult> {
  const saved = await loadRollState(ctx.journal);
  const none = saved === undefined || saved.cluster !== cluster || saved.drain !== undefined || (saved.phase === 'finished' && saved.outcome === 'succeeded');
  if (none) {
    return { outcome: 'nothing-to-do', cluster, found: 'none', startedAt: found.startedAt, finishedAt: ctx.clock.now(), groups: [], drained: [], blockers: [], warnings: found.notes };
  }
  const where: AbortFound = found.stopped !== undefined ? 'running' : saved.phase === 'finished' ? 'stopped' : 'unfinished';
  const unwound = saved.phase === 'finished' ? saved : await unwind(ctx, saved, options.by);
  const warnings = [...found.notes, ...unwound.warnings];
  const { drained, blockers } = await takeBackSurplus(ctx, cluster, unwound, options.settings, warnings);
  const groups = await restoreSizes(ctx, cluster, unwound, warnings);
  const restored = groups.every((g) => g.desired === unwound.groups[g.name]?.original.desired);
  const record: RollState = { ...unwound, abort: { at: ctx.clock.now(), by: options.by, drained: drained.map((d) => d.name), restored } };
  await ctx.journal.save(record);
  const first = blockers[0];
  return {
    outcome: restored && blockers.length === 0 ? 'succeeded' : 'failed',
    cluster,
    found: where,
    rollId: unwound.rollId,
    ...(found.stopped !== undefined ? { stopped: found.stopped } : {}),
    startedAt: found.startedAt,
    finishedAt: ctx.clock.now(),
    groups: groupResults(unwound, groups),
    drained,
    blockers,
    warnings,
    ...(restored
      ? {}
      : {
          error: {
            code: first ? 'BLOCKED' : 'UNAVAILABLE',
            message:
              `The roll is stopped and unwound, but ${groups.filter((g) => g.desired !== unwound.groups[g.name]?.original.desired).map((g) => `${g.name} is at desired ${g.desired} (it began at ${unwound.groups[g.name]?.original.desired ?? '?'})`).join(', ')}: ` +
              (first ? `draining its surplus replacements is blocked: ${first.message}. Fix: ${first.remedy}, then run dextre abort again.` : 'see the warnings, then run dextre abort again.'),
          },
        }),
  };
}

/** Resumes the journaled roll only to stop it: in-flight effects are re-issued and answered, then it unwinds. */
async function unwind(ctx: AbortContext, state: RollState, by: string): Promise<RollState> {
  const stop = new AbortController();
  stop.abort(`aborted by dextre abort from ${by}`);
  const recordEvent = nodeEventRecorder(ctx.kube, { command: 'roll', rollId: state.rollId });
  const listener = (event: EngineEvent) => {
    recordEvent(event);
    ctx.listener?.(event);
  };
  return runLoop({ ...ctx, signal: stop.signal, listener }, state, { type: 'Resumed', at: ctx.clock.now() });
}

/** Drains and terminates (with decrement) the replacements the roll left above each group's original desired. */
async function takeBackSurplus(
  ctx: AbortContext,
  cluster: string,
  state: RollState,
  settings: RollSettings,
  warnings: string[],
): Promise<{ drained: DrainNodeResult[]; blockers: Blocker[] }> {
  const { live, nodes } = await awaitLaunchesJoined(ctx, cluster, state);
  const byGroup = new Map(live.map((g) => [g.name, { desired: g.desired, nodes: g.instances.flatMap((i) => nodes.get(i.id) ?? []) }]));
  const candidates = [...byGroup.values()].flatMap((g) => g.nodes);
  const podCounts = new Map(await Promise.all(candidates.map(async (name) => [name, movable(await ctx.kube.listPods({ nodeName: name }))] as const)));
  const surplus = surplusReplacements(state, byGroup, (n) => podCounts.get(n) ?? 0);
  for (const g of surplus) if (g.missing > 0) warnings.push(missingWarning(g));
  const names = surplus.flatMap((g) => g.nodes);
  if (names.length === 0) return { drained: [], blockers: [] };
  const prepared = await prepareDrain(ctx, cluster, { nodes: { names }, settings, terminate: true });
  const result = await executeDrain(ctx, prepared);
  warnings.push(...result.warnings);
  return { drained: result.nodes, blockers: result.blockers };
}

/** Seconds between looks at instances still booting (a short, bounded wait: at most the launch timeout). */
const JOIN_POLL_SECONDS = 5;

/**
 * Replacements the roll launched may still be booting: they cannot be drained before they are nodes, and
 * terminating one as it joins could kill pods the scheduler just placed on it. Waits (at most the roll's
 * launch timeout) until every instance of a group with surplus is a node; what never joins is reported.
 */
async function awaitLaunchesJoined(ctx: AbortContext, cluster: string, state: RollState): Promise<{ live: NodeGroup[]; nodes: Map<string, string> }> {
  const deadline = ctx.clock.now() + state.settings.launchTimeoutSeconds;
  for (;;) {
    const [live, nodeList] = await Promise.all([describe(ctx, cluster, state), ctx.kube.listNodes()]);
    // Instance id → node name, for the nodes that have joined.
    const nodes = new Map(nodeList.flatMap((n) => {
      const id = instanceIdOf(n.providerId);
      return id !== undefined ? [[id, n.name] as const] : [];
    }));
    const booting = live.filter((g) => hasSurplus(state, g) && g.instances.some((i) => (i.lifecycleState === 'Pending' || i.lifecycleState === 'InService') && !nodes.has(i.id)));
    if (booting.length === 0 || ctx.clock.now() >= deadline) return { live, nodes };
    await pause(ctx.clock, JOIN_POLL_SECONDS);
  }
}

function hasSurplus(state: RollState, live: NodeGroup): boolean {
  const g = state.groups[live.name];
  return g !== undefined && g.launched > g.terminated && live.desired > g.original.desired;
}

/** Pods a drain would move: not a mirror pod, not a DaemonSet's, not finished. */
function movable(pods: readonly Pod[]): number {
  return pods.filter((p) => !Object.hasOwn(p.annotations, MIRROR_ANNOTATION) && p.owner?.kind !== 'DaemonSet' && p.phase !== 'Succeeded' && p.phase !== 'Failed').length;
}

function missingWarning(g: SurplusGroup): string {
  return (
    `group ${g.group}: ${g.missing} instance(s) the roll launched never joined the cluster as a node, so abort cannot drain them; ` +
    `find them with \`aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names ${g.group}\` and end each with ` +
    `\`aws autoscaling terminate-instance-in-auto-scaling-group --instance-id ID --should-decrement-desired-capacity\`.`
  );
}

/**
 * With desired back at the original, min and max go back too (the roll raised max for its surge, perhaps
 * lowered min), and AZRebalance is resumed if dextre suspended it and the zones are even again.
 */
async function restoreSizes(ctx: AbortContext, cluster: string, state: RollState, warnings: string[]): Promise<NodeGroup[]> {
  for (const group of await describe(ctx, cluster, state)) {
    const g = state.groups[group.name];
    if (!g || group.desired !== g.original.desired) continue;
    if (group.min !== g.original.min || group.max !== g.original.max) await ctx.cloud.setGroupSize(group.name, g.original);
    const left = g.suspendedByDextre.filter((p) => group.suspendedProcesses.includes(p));
    if (left.length === 0) continue;
    if (left.includes('AZRebalance') && !zonesEven(instancesPerZone(group))) {
      warnings.push(`group ${group.name}: AZRebalance stays suspended, its instances are uneven over its zones; even them with \`dextre rebalance --cluster ${cluster} --fix-zones\`, then resume it.`);
      const rest = left.filter((p) => p !== 'AZRebalance');
      if (rest.length > 0) await ctx.cloud.resumeProcesses(group.name, rest);
      continue;
    }
    await ctx.cloud.resumeProcesses(group.name, left);
  }
  return describe(ctx, cluster, state);
}

function describe(ctx: AbortContext, cluster: string, state: RollState): Promise<NodeGroup[]> {
  return state.groupOrder.length > 0 ? ctx.cloud.describeGroups({ cluster, names: state.groupOrder }) : Promise.resolve([]);
}
