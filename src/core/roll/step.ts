// A transition under construction: a private copy of the state to change, and the effects it issues.
import type { Blocker } from '../plan.js';
import type { Effect, ErrorInfo } from './effects.js';
import type { RollState, RollStateOutcome } from './state.js';

export class Step {
  readonly effects: Effect[] = [];

  constructor(readonly s: RollState) {}

  /** Issues an effect and remembers it as in flight until an event with its key answers it. */
  issue(effect: Effect): void {
    if (this.s.inflight[effect.key] !== undefined) return; // already in flight: effects are idempotent, once is enough
    this.s.inflight[effect.key] = effect;
    this.effects.push(effect);
  }

  /** Forgets an in-flight wait or timer; the engine cancels what is no longer in flight. */
  cancel(key: string): void {
    delete this.s.inflight[key];
  }

  timer(key: string, at: number): void {
    this.issue({ type: 'StartTimer', key, at });
  }

  warn(message: string): void {
    if (!this.s.warnings.includes(message)) this.s.warnings.push(message);
  }

  /**
   * Stops the roll: no new launches, cordons or evictions. The restore path takes over (see
   * restore.ts). The first failure wins; later ones only add blockers.
   */
  fail(error: ErrorInfo, blockers: Blocker[] = [], outcome: RollStateOutcome = 'failed'): void {
    for (const b of blockers) this.s.blockers.push(b);
    if (this.s.failure !== undefined || this.s.phase === 'finished') return;
    this.s.failure = error;
    this.s.outcome = outcome;
  }

  get failing(): boolean {
    return this.s.failure !== undefined;
  }
}
