// What differs when the machine drains named nodes (`dextre drain`) rather than rolling: the words its
// messages use. The rules themselves live where the roll keeps them, behind `state.drain` checks.
import type { RollState } from './state.js';

/** A drained node stays cordoned when a drain stops, as after `kubectl drain`: the user asked for it to be emptied. */
const DRAIN_STOPPED = 'The drain stopped; the named nodes stay cordoned (`dextre uncordon NODE` undoes that).';

/** The sentence that says what stopping left behind: `roll` for a roll, the drain's own otherwise. */
export function stopNote(s: RollState, roll: string): string {
  return s.drain === undefined ? roll : DRAIN_STOPPED;
}

/** The flag that sets the drain timeout: `--drain-timeout` for `roll nodes`, `--timeout` (kubectl's name) for `drain`. */
export function timeoutFlag(s: RollState): string {
  return s.drain === undefined ? '--drain-timeout' : '--timeout';
}
