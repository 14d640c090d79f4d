// Who holds the lock: `<hostname>/<pid>` of the dextre process. The identity lets a dextre on the same host
// prove that the holder died (SIGKILL, OOM, a closed laptop lid that killed the terminal) and take its lock at
// once instead of waiting out the lease's TTL. Only "provably dead" counts: another host, an identity that does
// not parse, or a process we may not signal (EPERM: it exists, run by another user) are all treated as alive.
import { hostname } from 'node:os';

/** This process's lock holder identity. */
export function localHolder(): string {
  return `${hostname()}/${process.pid}`;
}

/** Sends signal 0 to `pid`: throws ESRCH when no such process exists, EPERM when it exists but is not ours. */
export type SignalZero = (pid: number) => void;

export interface HolderProcessProbe {
  /** This machine's hostname. */
  hostname: string;
  signalZero: SignalZero;
}

const localProbe: HolderProcessProbe = { hostname: hostname(), signalZero: (pid) => process.kill(pid, 0) };

/**
 * Whether `holder` names a process on this host that no longer exists (kill(pid, 0) fails with ESRCH).
 * A pid may be reused by an unrelated process after the holder died: then the holder looks alive and the
 * lease is left to expire, the safe side.
 */
export function holderProvablyDead(holder: string, probe: HolderProcessProbe = localProbe): boolean {
  const match = /^(.+)\/(\d+)$/.exec(holder);
  if (!match || match[1] !== probe.hostname) return false;
  const pid = Number(match[2]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    probe.signalZero(pid);
    return false;
  } catch (e: unknown) {
    return (e as NodeJS.ErrnoException | undefined)?.code === 'ESRCH';
  }
}
