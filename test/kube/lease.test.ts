import { afterEach, describe, expect, it } from 'vitest';
import { DextreError } from '../../src/core/errors.js';
import { LeaseLock } from '../../src/kube/client/lease.js';
import { type StoreApi, storeApi } from './store-api.js';

const PATH = '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases';
let api: StoreApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function store(): Promise<StoreApi> {
  api = await storeApi(PATH, 'leases.coordination.k8s.io');
  return api;
}

const T0 = 1714651200; // 2024-05-02T12:00:00Z

async function locked(run: Promise<unknown>): Promise<DextreError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DextreError);
  expect((error as DextreError).code).toBe('LOCKED');
  return error as DextreError;
}

describe('LeaseLock', () => {
  it('creates the lease when there is none, with MicroTime times', async () => {
    const s = await store();
    const lock = new LeaseLock(s.kc, { now: () => T0 + 0.25 });
    expect(await lock.acquire({ holder: 'host-a/1', ttlSeconds: 60 })).toEqual({ takenOver: false });
    expect(s.calls()).toEqual([`GET ${PATH}/dextre-lock`, `POST ${PATH}`]);
    expect(s.objects.get('dextre-lock')!['spec']).toEqual({
      holderIdentity: 'host-a/1',
      leaseDurationSeconds: 60,
      acquireTime: '2024-05-02T12:00:00.250000Z',
      renewTime: '2024-05-02T12:00:00.250000Z',
      leaseTransitions: 0,
    });
  });

  it('refuses while another holder\'s lease is current, naming the holder and when it last renewed', async () => {
    const s = await store();
    let now = T0;
    await new LeaseLock(s.kc, { now: () => now }).acquire({ holder: 'host-b/7', ttlSeconds: 60 });
    now = T0 + 45;
    const error = await locked(new LeaseLock(s.kc, { now: () => now }).acquire({ holder: 'host-a/1', ttlSeconds: 60 }));
    expect(error.message).toContain('host-b/7');
    expect(error.message).toContain('2024-05-02T12:00:00Z (45s ago)');
    expect(error.message).toContain('2024-05-02T12:01:00Z');
    expect(error.exitCode).toBe(5);
  });

  it('takes over an expired lease, saying from whom', async () => {
    const s = await store();
    let now = T0;
    await new LeaseLock(s.kc, { now: () => now }).acquire({ holder: 'host-b/7', ttlSeconds: 60 });
    now = T0 + 61;
    expect(await new LeaseLock(s.kc, { now: () => now }).acquire({ holder: 'host-a/1', ttlSeconds: 60 })).toEqual({ takenOver: true, from: 'host-b/7', lastRenewed: T0, why: 'expired' });
    expect(s.objects.get('dextre-lock')!['spec']).toMatchObject({ holderIdentity: 'host-a/1', leaseTransitions: 1, acquireTime: '2024-05-02T12:01:01.000000Z' });
    expect(JSON.parse(s.requests.at(-1)!.body).metadata.resourceVersion).toBe('1001');
  });

  it('takes over a current lease at once when its holder is provably dead, and not when it is alive', async () => {
    const s = await store();
    await new LeaseLock(s.kc, { now: () => T0 }).acquire({ holder: 'host-a/7', ttlSeconds: 60 });
    const asked: string[] = [];
    const alive = new LeaseLock(s.kc, { now: () => T0 + 5, holderDead: (h) => (asked.push(h), false) });
    await locked(alive.acquire({ holder: 'host-a/8', ttlSeconds: 60 }));
    expect(asked).toEqual(['host-a/7']);
    const dead = new LeaseLock(s.kc, { now: () => T0 + 5, holderDead: (h) => h === 'host-a/7' });
    expect(await dead.acquire({ holder: 'host-a/8', ttlSeconds: 60 })).toEqual({ takenOver: true, from: 'host-a/7', lastRenewed: T0, why: 'holder-dead' });
    expect(s.objects.get('dextre-lock')!['spec']).toMatchObject({ holderIdentity: 'host-a/8', leaseTransitions: 1 });
  });

  it('two dextres taking over from the same dead holder: one wins, the other is LOCKED by the winner', async () => {
    const s = await store();
    await new LeaseLock(s.kc, { now: () => T0 }).acquire({ holder: 'dead/1', ttlSeconds: 60 });
    const holderDead = (h: string) => h === 'dead/1';
    const results = await Promise.allSettled([
      new LeaseLock(s.kc, { now: () => T0 + 1, holderDead }).acquire({ holder: 'a', ttlSeconds: 60 }),
      new LeaseLock(s.kc, { now: () => T0 + 1, holderDead }).acquire({ holder: 'b', ttlSeconds: 60 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect((lost?.reason as DextreError).code).toBe('LOCKED');
    const winner = s.objects.get('dextre-lock')!['spec'] as { holderIdentity: string };
    expect((lost?.reason as DextreError).message).toContain(`held by ${winner.holderIdentity}`);
  });

  it('two dextres racing for a free lock: one wins, the other is LOCKED', async () => {
    const s = await store();
    const results = await Promise.allSettled([
      new LeaseLock(s.kc, { now: () => T0 }).acquire({ holder: 'a', ttlSeconds: 60 }),
      new LeaseLock(s.kc, { now: () => T0 }).acquire({ holder: 'b', ttlSeconds: 60 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(DextreError);
    expect((lost?.reason as DextreError).code).toBe('LOCKED');
  });

  it('renews its lease, and notices when it lost it', async () => {
    const s = await store();
    let now = T0;
    const lock = new LeaseLock(s.kc, { now: () => now });
    await lock.acquire({ holder: 'a', ttlSeconds: 60 });
    now = T0 + 30;
    await lock.renew();
    expect(s.objects.get('dextre-lock')!['spec']).toMatchObject({ holderIdentity: 'a', renewTime: '2024-05-02T12:00:30.000000Z', acquireTime: '2024-05-02T12:00:00.000000Z', leaseTransitions: 0 });
    now = T0 + 200;
    await new LeaseLock(s.kc, { now: () => now }).acquire({ holder: 'b', ttlSeconds: 60 });
    const error = await locked(lock.renew());
    expect(error.message).toContain('now held by b');
  });

  it('inspect reads the holder, its times, TTL and a stop request with GETs only, and nothing when the lock is free', async () => {
    const s = await store();
    let now = T0;
    const observer = new LeaseLock(s.kc);
    expect(await observer.inspect()).toBeUndefined();
    const holder = new LeaseLock(s.kc, { now: () => now });
    await holder.acquire({ holder: 'host-b/7', ttlSeconds: 60 });
    now = T0 + 20;
    await holder.renew();
    await new LeaseLock(s.kc, { now: () => T0 + 25 }).requestStop('ops/9');
    const before = s.calls().length;
    expect(await observer.inspect()).toEqual({ holder: 'host-b/7', acquiredAt: T0, renewedAt: T0 + 20, ttlSeconds: 60, holderDead: false, stopRequested: 'ops/9 at 2024-05-02T12:00:25Z' });
    expect(s.calls().slice(before)).toEqual([`GET ${PATH}/dextre-lock`]);
  });

  it('release deletes the lease only while it is still ours', async () => {
    const s = await store();
    let now = T0;
    const mine = new LeaseLock(s.kc, { now: () => now });
    await mine.acquire({ holder: 'a', ttlSeconds: 60 });
    await mine.release();
    expect(s.objects.size).toBe(0);
    expect(JSON.parse(s.requests.find((r) => r.method === 'DELETE')!.body)).toEqual({ preconditions: { resourceVersion: '1001' } });

    await mine.acquire({ holder: 'a', ttlSeconds: 60 });
    now = T0 + 100;
    await new LeaseLock(s.kc, { now: () => now }).acquire({ holder: 'b', ttlSeconds: 60 });
    await mine.release();
    expect(s.objects.get('dextre-lock')!['spec']).toMatchObject({ holderIdentity: 'b' });
  });
});
