// `dextre status`: reads the roll's journal and lock — never takes the lock, never writes — and turns
// them into the status view. A malformed journal fails as it fails a roll (CONFIG, exit 2).
import type { Clock } from '../clock/port.js';
import { statusView, type StatusView } from '../core/status/view.js';
import type { JournalStore, RollLock } from './api.js';
import { loadRollState } from './roll.js';

export interface StatusSources {
  /** The cluster's name as the journal records it. */
  clusterName: string;
  journal: JournalStore;
  /** Absent where there is none (an in-process simulator). */
  lock?: RollLock;
  clock: Pick<Clock, 'now'>;
}

export async function readStatus(sources: StatusSources): Promise<StatusView> {
  const [state, lock] = await Promise.all([loadRollState(sources.journal), sources.lock?.inspect()]);
  return statusView(sources.clusterName, state, lock, sources.clock.now());
}
