// Holding the cluster's lock (a Lease on a real cluster) around a roll or a rebalance, so two of them never
// overlap on one cluster: taken before anything is read from the journal, renewed while the run goes on,
// released at the end. Losing it mid-run, or a stop asked for on it (`dextre abort`), stops the run as an
// interrupt, as the caller's own signal does.
import type { EngineContext } from './api.js';

/**
 * Runs `run` holding `ctx.lock` (when there is one). `run` gets a context without the lock (what it runs
 * inside — a roll inside a rebalance — must not take it again) and the notes to report: a lock taken over
 * from a holder that stopped renewing it.
 */
export async function holdingLock<C extends EngineContext, R>(ctx: C, run: (ctx: C, notes: string[]) => Promise<R>): Promise<R> {
  const { lock, ...rest } = ctx;
  // `lock` is optional in every context: without it, the rest is still a C.
  const unlocked = rest as C;
  if (!lock) return run(unlocked, []);
  const stop = new AbortController();
  ctx.signal?.addEventListener('abort', () => stop.abort(ctx.signal?.reason), { once: true });
  const tookOver = await lock.acquire(
    (e: unknown) => stop.abort(e instanceof Error ? e.message : String(e)),
    (request) => stop.abort(`stop requested by ${request}`),
  );
  try {
    return await run({ ...unlocked, signal: stop.signal }, tookOver !== undefined ? [tookOver] : []);
  } finally {
    await lock.release();
  }
}
