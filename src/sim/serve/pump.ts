// Real time for a served simulator: virtual time advances at `speed` virtual seconds per real second,
// running the world's timers as their moment comes, so clients see a cluster that lives on its own
// (nodes boot, pods start, grace periods end) while they talk to it. In process, the engine's clock
// moves time instead; here nobody drives it, so the pump does.
import type { EventQueue } from '../queue.js';

/** Longest real wait between two advances, so virtual time (pod ages, lease expiry) moves smoothly. */
const MAX_TICK_MS = 200;

export class RealTimePump {
  private timer: NodeJS.Timeout | undefined;
  private realStart = 0;
  private virtualStart = 0;

  constructor(
    private readonly queue: EventQueue,
    /** Virtual seconds per real second. */
    private readonly speed: number,
    /** Called after every advance (the API faces pick up what changed). */
    private readonly onAdvance: () => void,
    private readonly realNow: () => number = () => performance.now(),
  ) {}

  start(): void {
    this.realStart = this.realNow();
    this.virtualStart = this.queue.now;
    this.schedule(0);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Runs every item due up to the virtual moment that corresponds to now. */
  advance(): void {
    runUntil(this.queue, this.virtualStart + ((this.realNow() - this.realStart) / 1000) * this.speed);
    this.onAdvance();
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.advance();
      const next = this.queue.nextTime();
      const untilNext = next === undefined ? MAX_TICK_MS : ((next - this.queue.now) / this.speed) * 1000;
      if (this.timer !== undefined) this.schedule(Math.max(1, Math.min(MAX_TICK_MS, untilNext)));
    }, ms);
  }
}

/** Runs every item due up to `until` (virtual epoch seconds), in order; then time stands at `until`. */
export function runUntil(queue: EventQueue, until: number): void {
  for (let next = queue.nextTime(); next !== undefined && next <= until; next = queue.nextTime()) queue.step();
  if (until > queue.now) queue.now = until;
  queue.runDue();
}
