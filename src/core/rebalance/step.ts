// A rebalance transition under construction: a private copy of the state, and the effects it issues.
import { EffectStep } from '../effect-step.js';
import type { ErrorInfo } from '../roll/effects.js';
import type { RebalanceEffect } from './effects.js';
import type { RebalanceState } from './state.js';
import type { Finding } from './types.js';

export class RebalanceStep extends EffectStep<RebalanceEffect, RebalanceState> {
  timer(key: string, at: number): void {
    this.issue({ type: 'StartTimer', key, at });
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
