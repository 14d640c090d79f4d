// What `dextre status` reads from the roll's lock without taking it: who holds it, since when, when it was
// last renewed and for how long a renewal holds it, and whether `dextre abort` asked the holder to stop.

export interface LockInfo {
  /** The holder's identity (host/pid of the dextre holding it). */
  holder: string;
  /** Epoch seconds the holder took the lock. */
  acquiredAt?: number;
  /** Epoch seconds of the last renewal. */
  renewedAt?: number;
  /** Seconds a renewal holds the lock: past renewedAt + ttlSeconds the holder is taken for dead. */
  ttlSeconds: number;
  /** The holder is a dextre on this host whose process is gone (it died; its lease has not run out yet). */
  holderDead: boolean;
  /** The stop request `dextre abort` left on the lock ("host/pid at time"), if any. */
  stopRequested?: string;
}
