// A transition under construction: a private copy of the state to change, and the effects it issues.
import { EffectStep } from '../effect-step.js';
import type { Blocker } from '../plan.js';
import type { Effect, ErrorInfo } from './effects.js';
import type { RollState, RollStateOutcome } from './state.js';

export class Step extends EffectStep<Effect, RollState> {
  timer(key: string, at: number): void {
    this.issue({ type: 'StartTimer', key, at });
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
