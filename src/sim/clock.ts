// The virtual clock: dextre's Clock port over the simulator's event queue. Sleeps are queue items,
// so the engine's timers and the world's timers interleave in one deterministic order.
import type { Clock } from '../clock/port.js';
import type { EventQueue } from './queue.js';

/** Virtual seconds per real second, or 'max' to never really wait (tests). */
export type SimSpeed = number | 'max';

export class VirtualClock implements Clock {
  constructor(
    private readonly queue: EventQueue,
    private readonly speed: SimSpeed,
  ) {}

  now(): number {
    return this.queue.now;
  }

  sleep(seconds: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const onAbort = () => {
        this.queue.cancel(item);
        reject(abortError(signal));
      };
      const item = this.queue.after(seconds, 'clock.sleep', () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Jumps to the next scheduled moment and runs everything due then. With a finite speed it first
   * waits for real, so a demo plays visibly; an early `wake` ends that wait without moving time
   * (the caller has something to do now). False when nothing is scheduled: the world is still.
   */
  async idle(wake: Promise<void>): Promise<boolean> {
    const next = this.queue.nextTime();
    if (next === undefined) return false;
    if (this.speed !== 'max' && next > this.queue.now) {
      const ms = ((next - this.queue.now) / this.speed) * 1000;
      let timer: NodeJS.Timeout | undefined;
      const elapsed = new Promise<'elapsed'>((resolve) => {
        timer = setTimeout(() => resolve('elapsed'), ms);
      });
      const outcome = await Promise.race([elapsed, wake.then(() => 'woken' as const)]);
      clearTimeout(timer);
      if (outcome === 'woken') return true;
    }
    this.queue.step();
    return true;
  }
}

function abortError(signal: AbortSignal | undefined): Error {
  const error = new Error(signal?.reason instanceof Error ? signal.reason.message : 'The sleep was aborted');
  error.name = 'AbortError';
  return error;
}
