// What every transition of dextre's state machines does with effects: issue one and keep it in flight until
// an event with its key answers it (issuing it again changes nothing), cancel a wait or timer, warn once.
// The roll's Step and the rebalance's RebalanceStep build on it.

export class EffectStep<E extends { key: string }, S extends { inflight: Record<string, E>; warnings: string[] }> {
  readonly effects: E[] = [];

  constructor(readonly s: S) {}

  /** Issues an effect and remembers it as in flight until an event with its key answers it. */
  issue(effect: E): void {
    if (this.s.inflight[effect.key] !== undefined) return; // already in flight: effects are idempotent, once is enough
    this.s.inflight[effect.key] = effect;
    this.effects.push(effect);
  }

  /** Forgets an in-flight wait or timer; the engine cancels what is no longer in flight. */
  cancel(key: string): void {
    delete this.s.inflight[key];
  }

  warn(message: string): void {
    if (!this.s.warnings.includes(message)) this.s.warnings.push(message);
  }
}
