import { afterEach, describe, expect, it } from 'vitest';
import { DextreError } from '../../src/core/errors.js';
import { ConfigMapJournal } from '../../src/kube/client/journal.js';
import { sendJson } from './fake-api.js';
import { type StoreApi, storeApi } from './store-api.js';

const PATH = '/api/v1/namespaces/kube-system/configmaps';
let api: StoreApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function store(): Promise<StoreApi> {
  api = await storeApi(PATH, 'configmaps');
  return api;
}

async function failure(run: Promise<unknown>): Promise<DextreError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DextreError);
  return error as DextreError;
}

describe('ConfigMapJournal', () => {
  it('load answers undefined when absent; save creates, then replaces the version it wrote; load reads it back', async () => {
    const s = await store();
    const journal = new ConfigMapJournal(s.kc, { writer: 'host-a/1', now: () => 1714651200 });
    expect(await journal.load()).toBeUndefined();
    await journal.save({ phase: 'rolling', nodes: ['n1'] });
    await journal.save({ phase: 'rolling', nodes: ['n1', 'n2'] });
    expect(s.calls()).toEqual([`GET ${PATH}/dextre-journal`, `POST ${PATH}`, `PUT ${PATH}/dextre-journal`]);
    expect(JSON.parse(s.requests[2]!.body).metadata.resourceVersion).toBe('1001');
    const cm = s.objects.get('dextre-journal')!;
    expect(cm.metadata).toMatchObject({
      namespace: 'kube-system',
      labels: { 'app.kubernetes.io/managed-by': 'dextre' },
      annotations: { 'dextre.io/journal-writer': 'host-a/1', 'dextre.io/journal-saved-at': '2024-05-02T12:00:00Z' },
    });
    expect(JSON.parse((cm['data'] as Record<string, string>)['state.json']!)).toEqual({ schema: 1, state: { phase: 'rolling', nodes: ['n1', 'n2'] } });
    expect(await new ConfigMapJournal(s.kc).load()).toEqual({ phase: 'rolling', nodes: ['n1', 'n2'] });
  });

  it('a journal someone else wrote since this one read it is LOCKED, naming the writer', async () => {
    const s = await store();
    const mine = new ConfigMapJournal(s.kc, { writer: 'host-a/1' });
    const theirs = new ConfigMapJournal(s.kc, { writer: 'host-b/7', now: () => 1714651200 });
    await mine.load();
    await mine.save({ step: 1 });
    await theirs.load();
    await theirs.save({ step: 'theirs' });
    const error = await failure(mine.save({ step: 2 }));
    expect(error.code).toBe('LOCKED');
    expect(error.exitCode).toBe(5);
    expect(error.message).toContain('host-b/7');
    expect(error.message).toContain('2024-05-02T12:00:00Z');
    expect(error.message).toContain('ConfigMap kube-system/dextre-journal');
    // Nothing of theirs was overwritten.
    expect(await new ConfigMapJournal(s.kc).load()).toEqual({ step: 'theirs' });
  });

  it('a create that finds the ConfigMap already there (another roll started meanwhile) is LOCKED', async () => {
    const s = await store();
    const mine = new ConfigMapJournal(s.kc, { writer: 'host-a/1' });
    await mine.load();
    await new ConfigMapJournal(s.kc, { writer: 'host-b/7' }).save({ step: 'theirs' });
    expect((await failure(mine.save({ step: 1 }))).code).toBe('LOCKED');
  });

  it('carries on after a 409 when the version there is its own write (an answer that was lost)', async () => {
    const s = await store();
    const journal = new ConfigMapJournal(s.kc, { writer: 'host-a/1' });
    await journal.save({ step: 1 });
    // The server applies the next PUT but the answer is lost; the client retries with the old version.
    s.interceptOnce((req, res) => {
      if (req.method !== 'PUT') return false;
      const cm = s.objects.get('dextre-journal')!;
      s.objects.set('dextre-journal', { ...cm, metadata: { ...cm.metadata, resourceVersion: '1500' } });
      res.writeHead(409, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Conflict', code: 409, message: 'the object has been modified' }));
      return true;
    });
    await journal.save({ step: 2 });
    expect(s.calls().slice(-3)).toEqual([`PUT ${PATH}/dextre-journal`, `GET ${PATH}/dextre-journal`, `PUT ${PATH}/dextre-journal`]);
    expect(JSON.parse(s.requests.at(-1)!.body).metadata.resourceVersion).toBe('1500');
  });

  it('refuses a state over 900 KiB with a clear message, sending nothing', async () => {
    const s = await store();
    const journal = new ConfigMapJournal(s.kc);
    const error = await failure(journal.save({ blob: 'x'.repeat(950 * 1024) }));
    expect(error.message).toContain('--journal');
    expect(error.message).toMatch(/\d+ KiB/);
    expect(s.requests).toHaveLength(0);
  });

  it('refuses a journal of an unknown schema, or not JSON, with a CONFIG error', async () => {
    const s = await store();
    s.objects.set('dextre-journal', { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'dextre-journal', namespace: 'kube-system', resourceVersion: '5' }, data: { 'state.json': '{"schema":2,"state":{}}' } });
    const future = await failure(new ConfigMapJournal(s.kc).load());
    expect(future.code).toBe('CONFIG');
    expect(future.message).toContain('schema 2');
    expect(future.message).toContain('kubectl -n kube-system delete configmap dextre-journal');
    s.objects.set('dextre-journal', { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'dextre-journal', namespace: 'kube-system', resourceVersion: '6' }, data: { 'state.json': '{not json' } });
    expect((await failure(new ConfigMapJournal(s.kc).load())).code).toBe('CONFIG');
  });

  it('clear deletes it (absent is fine), in the namespace and name given', async () => {
    api = await storeApi('/api/v1/namespaces/ops/configmaps', 'configmaps');
    const journal = new ConfigMapJournal(api.kc, { namespace: 'ops', name: 'roll' });
    await journal.save({ step: 1 });
    await journal.clear();
    expect(api.objects.size).toBe(0);
    await journal.clear();
    expect(await journal.load()).toBeUndefined();
    expect(JSON.parse(api.requests.find((r) => r.method === 'DELETE')!.body)).toEqual({ preconditions: { resourceVersion: '1001' } });
  });

  it('other failures are mapped (403 names the RBAC rule for configmaps)', async () => {
    const s = await store();
    s.interceptOnce((_req, res) => {
      sendJson(res, 403, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'configmaps "dextre-journal" is forbidden' });
      return true;
    });
    const error = await failure(new ConfigMapJournal(s.kc).load());
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain('get configmaps "dextre-journal" in namespace kube-system');
  });
});
