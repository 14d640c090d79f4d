// `dextre status` over the wire: a roll against `sim serve` is killed with SIGKILL mid-drain (nothing is
// unwound, the lock stays with the dead dextre); status reports the unfinished roll, the dead holder's
// lock (its process gone from this host) and the nodes in progress; the roll run again takes the lock
// over and succeeds, and status then reports it succeeded with the lock free.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RollResult } from '../../src/core/result.js';
import type { RollState } from '../../src/core/roll/state.js';
import type { StatusView } from '../../src/core/status/view.js';
import { DEMO_FIXTURE } from '../../src/sim/index.js';
import { serveSimulation, type RunningSim } from '../../src/sim/serve/server.js';
import { assertBuilt, cliAsync, json } from '../commands/cli.js';
import { scratchDir } from '../support/scratch.js';

let sim: RunningSim | undefined;
beforeAll(() => assertBuilt());
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function awsEnv(s: RunningSim): NodeJS.ProcessEnv {
  return { AWS_ENDPOINT_URL: s.info.aws ?? '', AWS_REGION: s.info.region, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_PROFILE: undefined, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
}

async function journal(s: RunningSim): Promise<RollState | undefined> {
  const response = await fetch(`${s.info.kubernetes}/api/v1/namespaces/kube-system/configmaps/dextre-journal`);
  if (response.status === 404) return undefined;
  const cm = (await response.json()) as { data?: Record<string, string> };
  return (JSON.parse(cm.data?.['state.json'] ?? '{}') as { state?: RollState }).state;
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('dextre status against sim serve', () => {
  it('explains a roll killed mid-drain, its dead holder\'s lock, and the resumed roll that succeeds', async () => {
    const dir = scratchDir('dextre-e2e-status-');
    // The demo world with a patient cluster-autoscaler (a day, not 10 minutes, before an empty node goes): replacements
    // that join while no dextre runs are unprotected, and a resumed roll does not yet notice ones scaled away
    // meanwhile before its launch timeout (15 real minutes against sim serve; noted on issue 5).
    const fixture = join(dir, 'demo.yaml');
    writeFileSync(fixture, readFileSync(DEMO_FIXTURE, 'utf8').replace('unneededSeconds: 600', 'unneededSeconds: 86400'));
    sim = await serveSimulation({ fixture, name: 'lab', port: 0, speed: 20, kubeconfig: join(dir, 'kubeconfig'), cloud: 'aws', awsThrottleRate: 0, awsErrorRate: 0 });
    const s = sim;
    const target = ['--cluster', 'lab', '--kubeconfig', s.info.kubeconfig];
    const status = async (): Promise<StatusView> => {
      const run = await cliAsync(['status', ...target, '--json'], undefined, awsEnv(s), 60_000);
      expect(run.status, run.stderr).toBe(0);
      return json<StatusView>(run);
    };

    const none = await status();
    expect(none).toMatchObject({ state: 'none', summary: 'No roll has been journaled on cluster lab.', lock: null });

    const rollArgs = ['roll', 'nodes', ...target, '--yes', '--json', '--no-rebalance'];
    const killed = cliAsync(rollArgs, undefined, awsEnv(s), 240_000);
    await until(async () => Object.values((await journal(s))?.nodes ?? {}).some((n) => n.status === 'draining'), 120_000);
    const held = await status();
    const pid = held.lock?.holder.split('/').at(-1);
    expect(pid).toMatch(/^\d+$/);
    process.kill(Number(pid), 'SIGKILL');
    expect((await killed).status).toBeNull();

    // Dead, its lease still running: this host can tell its process is gone, so the roll reads as stopped unfinished.
    const after = await status();
    expect(after).toMatchObject({ state: 'stopped-unfinished', rollId: held.rollId, lock: { holder: held.lock?.holder, ttlSeconds: 60, holderDead: true, dead: true } });
    expect(after.phase).not.toBe('finished');
    expect(after.summary).toContain('is no longer running');
    expect(after.summary).toContain('`dextre abort --cluster lab`');
    // Nodes in progress: some begun, not all done; each as the journal the dead roll left has it.
    expect(after.nodes.some((n) => n.status !== 'waiting')).toBe(true);
    expect(after.estimate?.nodesDone).toBeLessThan(after.estimate?.nodesTotal ?? 0);
    const left = await journal(s);
    expect(after.nodes.map((n) => [n.name, n.status])).toEqual(left?.nodeOrder.map((name) => [name, left.nodes[name]?.status]));
    expect(after.groups.some((g) => g.launched >= 1)).toBe(true);

    // The resumed roll logs JSON lines for a log pipeline: each parses, and no credential ever shows.
    const secret = 'wJalrXUtnFEMI-dextre-test-secret';
    const second = await cliAsync([...rollArgs, '--log-format', 'json'], undefined, { ...awsEnv(s), AWS_SECRET_ACCESS_KEY: secret }, 240_000);
    expect(json<RollResult>(second).outcome, second.stderr).toBe('succeeded');
    for (const line of second.stderr.trimEnd().split('\n')) expect(Object.keys(JSON.parse(line) as object)).toEqual(['time', 'level', 'event', 'node', 'group', 'message']);
    expect(second.stdout + second.stderr).not.toContain(secret);

    const done = await status();
    expect(done).toMatchObject({ state: 'succeeded', rollId: held.rollId, phase: 'finished', lock: null, waits: [] });
    expect(done.estimate).toMatchObject({ secondsLeft: 0 });
    expect(done.estimate?.nodesDone).toBe(done.estimate?.nodesTotal);
    for (const g of done.groups) expect(g.current, g.name).toEqual(g.original);

    const text = await cliAsync(['status', ...target], undefined, awsEnv(s), 60_000);
    expect(text.status).toBe(0);
    expect(text.stdout + JSON.stringify(done)).not.toContain(secret);
    expect(text.stdout).toContain(`Roll ${held.rollId ?? ''} of cluster lab succeeded.`);
    expect(text.stdout).toContain('Lock: free');
  }, 400_000);

  it('a journal that is not dextre\'s: exit 2 with the one-paragraph error, under --json too', async () => {
    const kubeconfig = join(scratchDir('dextre-e2e-status-'), 'kubeconfig');
    sim = await serveSimulation({ fixture: DEMO_FIXTURE, name: 'lab', port: 0, speed: 20, kubeconfig, cloud: 'aws', awsThrottleRate: 0, awsErrorRate: 0 });
    const s = sim;
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dextre-journal', namespace: 'kube-system' }, data: { 'state.json': '{not json' } };
    const created = await fetch(`${s.info.kubernetes}/api/v1/namespaces/kube-system/configmaps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    const run = await cliAsync(['status', '--cluster', 'lab', '--kubeconfig', s.info.kubeconfig, '--json'], undefined, awsEnv(s), 60_000);
    expect(run.status).toBe(2);
    expect(json<{ error: { code: string; message: string } }>(run).error).toMatchObject({ code: 'CONFIG' });
    expect(json<{ error: { message: string } }>(run).error.message).toContain('is not valid JSON');
  }, 60_000);
});
