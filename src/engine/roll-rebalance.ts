// `roll nodes` with its last phase: once the roll has succeeded, the rebalance runs on the cluster the roll
// left (a roll crowds moved pods onto the newest nodes). Listeners hear the roll's `finished` only when the
// rebalance is over too, so a progress view stays open for it; the rebalance never changes the roll's outcome.
import { isDextreError } from '../core/errors.js';
import { describeNextOpening, isOpen, windowFlags, type Window } from '../core/window.js';
import type { RollResult } from '../core/result.js';
import type { RebalanceResult } from '../core/rebalance/result.js';
import type { RebalanceOptions } from '../core/rebalance/types.js';
import type { EngineEvent, JournalStore, PreparedRoll } from './api.js';
import { executeRebalance, prepareRebalance, type RebalanceContext } from './rebalance.js';
import { holdingLock } from './lock.js';
import { executeRoll } from './roll.js';

export interface RollRebalanceContext extends RebalanceContext {
  /** Where the rebalance journals (`journal` is the roll's). */
  rebalanceJournal: JournalStore;
}

/** Rolls, then (unless `rebalance` is undefined, or the roll did not succeed) rebalances. */
export async function executeRollThenRebalance(ctx: RollRebalanceContext, prepared: PreparedRoll, rebalance: RebalanceOptions | undefined): Promise<RollResult> {
  if (rebalance === undefined) return executeRoll(ctx, prepared);
  // One hold of the cluster's lock for both phases: no other roll or rebalance slips in between.
  return holdingLock(ctx, async (locked, notes) => {
    for (const message of notes) ctx.listener?.({ type: 'warning', at: ctx.clock.now(), message });
    const result = await rollThenRebalance(locked, prepared, rebalance);
    return notes.length > 0 ? { ...result, warnings: [...notes, ...result.warnings] } : result;
  });
}

async function rollThenRebalance(ctx: RollRebalanceContext, prepared: PreparedRoll, rebalance: RebalanceOptions): Promise<RollResult> {
  const held: EngineEvent[] = [];
  const rolled = await executeRoll({ ...ctx, listener: (e) => (e.type === 'finished' ? held.push(e) : ctx.listener?.(e)) }, prepared);
  let result = rolled;
  const windows = prepared.options.windows ?? [];
  if (rolled.outcome === 'succeeded' && ctx.signal?.aborted !== true) {
    // The rebalance evicts pods: like a node, it is not started outside the maintenance windows.
    if (isOpen(windows, ctx.clock.now())) result = { ...rolled, rebalance: await rebalanceAfterRoll(ctx, prepared.cluster, rebalance) };
    else result = { ...rolled, warnings: [...rolled.warnings, rebalanceSkipped(prepared.cluster, windows, ctx.clock.now())] };
  }
  ctx.listener?.({ type: 'finished', at: ctx.clock.now(), result });
  return result;
}

function rebalanceSkipped(cluster: string, windows: readonly Window[], now: number): string {
  return (
    `The maintenance window (${windowFlags(windows)}) closed before the roll's last phase, the rebalance: it did not run, as it evicts pods. ` +
    `Run \`dextre rebalance --cluster ${cluster}\` in the next window (it opens ${describeNextOpening(windows, now) ?? 'never'}).`
  );
}

async function rebalanceAfterRoll(ctx: RollRebalanceContext, cluster: string, options: RebalanceOptions): Promise<RebalanceResult> {
  const run: RebalanceContext = { ...ctx, journal: ctx.rebalanceJournal, rollJournal: ctx.journal };
  try {
    return await executeRebalance(run, await prepareRebalance(run, cluster, options));
  } catch (e: unknown) {
    // The roll is done and reported; a rebalance that could not even run is reported beside it.
    const error = isDextreError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
    const at = ctx.clock.now();
    return {
      outcome: 'failed',
      cluster,
      startedAt: at,
      finishedAt: at,
      evictions: 0,
      workloads: [],
      moves: [],
      utilisation: { threshold: options.utilisationThreshold, before: { min: 0, max: 0, mean: 0, hot: 0 }, after: { min: 0, max: 0, mean: 0, hot: 0 }, nodes: [] },
      groups: [],
      findings: [],
      warnings: [],
      cleanedUp: [],
      error: { code: error.code, message: `The rebalance after the roll failed: ${error.message} The roll itself succeeded; run \`dextre rebalance\` once the cause is fixed.` },
    };
  }
}
