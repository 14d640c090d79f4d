// The clock port. Nothing in dextre reads the wall clock or sleeps except through a Clock, so tests and
// simulations run in virtual time and never really wait.

export interface Clock {
  /** Epoch seconds (virtual for a simulated clock). */
  now(): number;
  /** Resolves after `seconds`; rejects with an AbortError if the signal aborts first. */
  sleep(seconds: number, signal?: AbortSignal): Promise<void>;
  /**
   * Let time pass until something may have happened. A real clock waits for `wake`; a simulated clock
   * jumps to the next scheduled moment and runs what is due there. Returns false when a simulated clock
   * has nothing left scheduled (the world is still: waiting would never end).
   */
  idle(wake: Promise<void>): Promise<boolean>;
}
