// The roll's lock on a real cluster: the Lease of lease.ts, held for the whole roll and renewed on a timer
// (a third of its TTL), so that a second dextre on the same cluster stops at once (LOCKED, exit 5) and a
// dead one's lock frees itself after the TTL (at once for a dextre on the same host, which can see the holder's
// process is gone). Losing it mid-roll is reported so the engine can stop.
import type { KubeConfig } from '@kubernetes/client-node';
import type { LockInfo } from '../../core/status/lock-info.js';
import type { RollLock } from '../../engine/api.js';
import { rfc3339 } from './time.js';
import { LeaseLock, type LeaseLockOptions } from './lease.js';
import { localHolder } from './lock-holder.js';

/** Seconds the lease lasts without renewal: a crashed roll's lock frees itself after this. */
export const LOCK_TTL_SECONDS = 60;

export class LeaseRollLock implements RollLock {
  private readonly lease: LeaseLock;
  private readonly holder: string;
  private timer: NodeJS.Timeout | undefined;

  constructor(kc: KubeConfig, options: LeaseLockOptions & { holder?: string; ttlSeconds?: number } = {}) {
    this.lease = new LeaseLock(kc, options);
    this.holder = options.holder ?? localHolder();
    this.ttlSeconds = options.ttlSeconds ?? LOCK_TTL_SECONDS;
  }

  private readonly ttlSeconds: number;

  async acquire(onLost: (error: unknown) => void, onStopRequested?: (request: string) => void): Promise<string | undefined> {
    const result = await this.lease.acquire({ holder: this.holder, ttlSeconds: this.ttlSeconds });
    let heard = false;
    this.timer = setInterval(() => {
      this.lease.renew().then(
        (request) => {
          // Heard once; the lease stays held (and renewed) while the roll unwinds.
          if (request === undefined || heard) return;
          heard = true;
          onStopRequested?.(request);
        },
        (e: unknown) => {
          this.stop();
          onLost(e);
        },
      );
    }, (this.ttlSeconds * 1000) / 3);
    this.timer.unref();
    if (!result.takenOver) return undefined;
    const renewed = result.lastRenewed !== undefined ? `, last renewed at ${rfc3339(result.lastRenewed)}` : '';
    const why = result.why === 'expired' ? `whose lease had expired${renewed}` : `whose process no longer exists on this host${renewed}`;
    return `Took over the lock Lease ${this.lease.namespace}/${this.lease.name} from ${result.from}, ${why}: that dextre died; this one resumes its journal if it left one.`;
  }

  inspect(): Promise<LockInfo | undefined> {
    return this.lease.inspect();
  }

  requestStop(by: string): Promise<string | undefined> {
    return this.lease.requestStop(by);
  }

  async release(): Promise<void> {
    this.stop();
    await this.lease.release();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
