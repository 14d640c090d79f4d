// A rebalance transition under construction: a private copy of the state, and the effects it issues.
import type { ErrorInfo } from '../roll/effects.js';
import type { RebalanceEffect } from './effects.js';
import type { RebalanceState } from './state.js';
import type { Finding } from './types.js';

export class RebalanceStep {
  readonly effects: RebalanceEffect[] = [];

  constructor(readonly s: RebalanceState) {}

  /** Issues an effect and keeps it in flight until an event with its key answers it (once is enough). */
  issue(effect: RebalanceEffect): void {
    if (this.s.inflight[effect.key] !== undefined) return;
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

  find(finding: Finding): void {
    if (!this.s.findings.some((f) => f.kind === finding.kind && f.message === finding.message)) this.s.findings.push(finding);
  }

  /** Stops starting moves and lifts every cordon; the first failure wins. */
  fail(error: ErrorInfo, outcome: 'failed' | 'interrupted' = 'failed'): void {
    if (this.s.failure !== undefined || this.s.phase === 'finished') return;
    this.s.failure = error;
    this.s.outcome = outcome;
  }

  get failing(): boolean {
    return this.s.failure !== undefined;
  }
}
