// One roll per cluster: a coordination.k8s.io/v1 Lease (default kube-system/dextre-lock), as leader
// election uses them. A lease is held while renewTime + leaseDurationSeconds is in the future; an expired
// one (its roll died) may be taken over, and so may one whose holder is a process on this host that no longer
// exists (lock-holder.ts), without waiting out the TTL. Every write replaces the version read (resourceVersion), so two
// dextres racing for it cannot both win: the loser's write is a 409, it reads again and finds it held.
import type { KubeConfig, V1Lease } from '@kubernetes/client-node';
import { DextreError } from '../../core/errors.js';
import type { LockInfo } from '../../core/status/lock-info.js';
import { KubeApis, hasStatus } from './apis.js';
import type { ApiRequest } from './errors.js';
import { holderProvablyDead } from './lock-holder.js';
import { epochSeconds, microTime, rfc3339 } from './time.js';

export interface LeaseLockOptions {
  /** Default `kube-system`. */
  namespace?: string;
  /** Default `dextre-lock`. */
  name?: string;
  /** Epoch seconds. Default the wall clock. */
  now?: () => number;
  /** Whether a holder identity names a process known to be gone. Default: a pid on this host that kill(pid, 0) cannot find. */
  holderDead?: (holder: string) => boolean;
}

/**
 * Whether the lock was free (or already ours), or taken over: from a holder whose lease had expired, or from one
 * whose lease was current but whose process is provably dead (`holder-dead`).
 */
export type AcquireResult = { takenOver: false } | { takenOver: true; from: string; lastRenewed?: number; why: 'expired' | 'holder-dead' };

const ATTEMPTS = 3;

/** Set by `dextre abort` on a held lease: the holder stops at its next renewal. */
export const STOP_REQUESTED = 'dextre.io/stop-requested';

export class LeaseLock {
  readonly namespace: string;
  readonly name: string;
  private readonly apis: KubeApis;
  private readonly now: () => number;
  private readonly holderDead: (holder: string) => boolean;
  private held: { holder: string; ttlSeconds: number } | undefined;

  constructor(kc: KubeConfig, options: LeaseLockOptions = {}) {
    this.apis = new KubeApis(kc);
    this.namespace = options.namespace ?? 'kube-system';
    this.name = options.name ?? 'dextre-lock';
    this.now = options.now ?? (() => Date.now() / 1000);
    this.holderDead = options.holderDead ?? ((holder) => holderProvablyDead(holder));
  }

  private request(verb: ApiRequest['verb']): ApiRequest {
    return { verb, resource: 'leases', group: 'coordination.k8s.io', namespace: this.namespace, name: this.name };
  }

  /** Takes the lock for `holder` for `ttlSeconds` (renew before it runs out); throws LOCKED while another holds it. */
  async acquire({ holder, ttlSeconds }: { holder: string; ttlSeconds: number }): Promise<AcquireResult> {
    for (let attempt = 1; ; attempt++) {
      const lease = await this.read();
      const now = this.now();
      try {
        if (!lease) {
          await this.apis.coordination.createNamespacedLease({ namespace: this.namespace, body: this.body(undefined, holder, ttlSeconds, now) });
          this.held = { holder, ttlSeconds };
          return { takenOver: false };
        }
        const current = lease.spec?.holderIdentity ?? '';
        const lastRenewed = epochSeconds(lease.spec?.renewTime ?? lease.spec?.acquireTime);
        const expired = lastRenewed === undefined || lastRenewed + (lease.spec?.leaseDurationSeconds ?? 0) < now;
        const other = current !== '' && current !== holder;
        const why = expired ? 'expired' : 'holder-dead';
        if (other && !expired && !this.holderDead(current)) throw this.lockedBy(current, lastRenewed, lease.spec?.leaseDurationSeconds, now);
        await this.replace(this.body(lease, holder, ttlSeconds, now));
        this.held = { holder, ttlSeconds };
        if (!other) return { takenOver: false };
        return lastRenewed === undefined ? { takenOver: true, from: current, why } : { takenOver: true, from: current, lastRenewed, why };
      } catch (e: unknown) {
        // Created or changed by someone else since the read: read again and decide again.
        if (hasStatus(e, 409) && attempt < ATTEMPTS) continue;
        throw this.apis.fail(e, this.request(lease ? 'update' : 'create'));
      }
    }
  }

  /**
   * Moves renewTime to now; throws LOCKED if the lease is no longer ours (it expired and was taken).
   * Resolves to the stop request `dextre abort` left on the lease, if there is one (see requestStop).
   */
  async renew(): Promise<string | undefined> {
    const held = this.held;
    if (!held) throw new DextreError('INTERNAL', `renew() of Lease ${this.namespace}/${this.name} before acquire()`);
    for (let attempt = 1; ; attempt++) {
      const lease = await this.read();
      const current = lease?.spec?.holderIdentity ?? '';
      if (!lease || current !== held.holder) {
        this.held = undefined;
        throw new DextreError(
          'LOCKED',
          `dextre (${held.holder}) lost the lock Lease ${this.namespace}/${this.name}: ${lease ? `it is now held by ${current || 'nobody'}` : 'it was deleted'}. ` +
            `It was not renewed within ${held.ttlSeconds}s; stop this roll and check what else is rolling the cluster.`,
        );
      }
      try {
        await this.replace(this.body(lease, held.holder, held.ttlSeconds, this.now()));
        return lease.metadata?.annotations?.[STOP_REQUESTED];
      } catch (e: unknown) {
        if (hasStatus(e, 409) && attempt < ATTEMPTS) continue;
        throw this.apis.fail(e, this.request('update'));
      }
    }
  }

  /**
   * Asks the holder to stop: an annotation on the lease that the holder reads at its next renewal (within a
   * third of the TTL) and answers by stopping as on Ctrl-C. Resolves to the holder asked, or undefined when
   * nobody holds the lease. The annotation stays until the holder releases (deletes) the lease.
   */
  async requestStop(by: string): Promise<string | undefined> {
    for (let attempt = 1; ; attempt++) {
      const lease = await this.read();
      const holder = lease?.spec?.holderIdentity ?? '';
      if (!lease || holder === '') return undefined;
      const annotations = { ...(lease.metadata?.annotations ?? {}), [STOP_REQUESTED]: `${by} at ${rfc3339(this.now())}` };
      try {
        await this.replace({ ...lease, metadata: { ...lease.metadata, annotations } });
        return holder;
      } catch (e: unknown) {
        if (hasStatus(e, 409) && attempt < ATTEMPTS) continue;
        throw this.apis.fail(e, this.request('update'));
      }
    }
  }

  /** Reads the lease without taking it (`dextre status`); undefined when nobody holds it. */
  async inspect(): Promise<LockInfo | undefined> {
    const lease = await this.read();
    const spec = lease?.spec;
    const holder = spec?.holderIdentity ?? '';
    if (!lease || holder === '') return undefined;
    const acquiredAt = epochSeconds(spec?.acquireTime);
    const renewedAt = epochSeconds(spec?.renewTime ?? spec?.acquireTime);
    const stopRequested = lease.metadata?.annotations?.[STOP_REQUESTED];
    return {
      holder,
      ...(acquiredAt !== undefined ? { acquiredAt } : {}),
      ...(renewedAt !== undefined ? { renewedAt } : {}),
      ttlSeconds: spec?.leaseDurationSeconds ?? 0,
      holderDead: holderProvablyDead(holder),
      ...(stopRequested !== undefined ? { stopRequested } : {}),
    };
  }

  /** Deletes the lease if it is still ours (with a resourceVersion precondition); anyone else's is left alone. */
  async release(): Promise<void> {
    const held = this.held;
    this.held = undefined;
    if (!held) return;
    const lease = await this.read();
    if (!lease || lease.spec?.holderIdentity !== held.holder) return;
    try {
      await this.apis.coordination.deleteNamespacedLease({
        namespace: this.namespace,
        name: this.name,
        body: { preconditions: { resourceVersion: lease.metadata?.resourceVersion ?? '' } },
      });
    } catch (e: unknown) {
      if (hasStatus(e, 404) || hasStatus(e, 409)) return;
      throw this.apis.fail(e, this.request('delete'));
    }
  }

  private async read(): Promise<V1Lease | undefined> {
    try {
      return await this.apis.coordination.readNamespacedLease({ namespace: this.namespace, name: this.name });
    } catch (e: unknown) {
      if (hasStatus(e, 404)) return undefined;
      throw this.apis.fail(e, this.request('get'));
    }
  }

  private replace(body: V1Lease): Promise<V1Lease> {
    return this.apis.coordination.replaceNamespacedLease({ namespace: this.namespace, name: this.name, body });
  }

  /** The lease as `holder` holds it from `now`: acquireTime and leaseTransitions move only when the holder changes. */
  private body(lease: V1Lease | undefined, holder: string, ttlSeconds: number, now: number): V1Lease {
    const spec = lease?.spec ?? {};
    const same = spec.holderIdentity === holder;
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: { 'app.kubernetes.io/managed-by': 'dextre' },
        // A stop request outlives renewals (the holder may be unwinding) but not a change of holder.
        ...(same && lease?.metadata?.annotations?.[STOP_REQUESTED] !== undefined ? { annotations: { [STOP_REQUESTED]: lease.metadata.annotations[STOP_REQUESTED] } } : {}),
        ...(lease?.metadata?.resourceVersion !== undefined ? { resourceVersion: lease.metadata.resourceVersion } : {}),
      },
      spec: {
        holderIdentity: holder,
        leaseDurationSeconds: ttlSeconds,
        acquireTime: same && spec.acquireTime !== undefined ? spec.acquireTime : microTime(now),
        renewTime: microTime(now),
        leaseTransitions: lease === undefined ? 0 : (spec.leaseTransitions ?? 0) + (same ? 0 : 1),
      },
    };
  }

  private lockedBy(holder: string, lastRenewed: number | undefined, duration: number | undefined, now: number): DextreError {
    const renewed = lastRenewed === undefined ? 'never renewed' : `last renewed at ${rfc3339(lastRenewed)} (${Math.round(now - lastRenewed)}s ago)`;
    const expires = lastRenewed === undefined ? '' : ` and frees itself at ${rfc3339(lastRenewed + (duration ?? 0))} if not renewed`;
    return new DextreError(
      'LOCKED',
      `Another dextre (a roll, a rebalance or an abort) holds the lock on this cluster: Lease ${this.namespace}/${this.name} is held by ${holder}, ${renewed}${expires}. ` +
        `Wait for it to finish (\`dextre status\` shows what it does), or stop it with \`dextre abort\`. If it died, run dextre again on its host (which takes a dead holder's lock at once), wait for the lease to expire, or delete it (\`kubectl -n ${this.namespace} delete lease ${this.name}\`).`,
    );
  }
}
