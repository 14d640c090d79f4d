// Letting time pass outside the engine loop: a real clock just sleeps; a simulated clock only moves when
// asked to (idle), so the pause drives it until the sleep is due — the world runs meanwhile.
import type { Clock } from './port.js';

/** Resolves after `seconds` on `clock` (virtual seconds on a simulator, which keeps running its world). */
export async function pause(clock: Clock, seconds: number): Promise<void> {
  let due = false;
  const slept = clock.sleep(seconds).then(() => {
    due = true;
  });
  while (!due) {
    // A still world (nothing scheduled, not even the sleep) cannot happen while the sleep is pending.
    if (!(await clock.idle(slept))) break;
  }
  await slept;
}
