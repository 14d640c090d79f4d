// `dextre abort` over the wire: a roll runs in one dextre against `sim serve`; once it drains, a second
// dextre aborts it. The roll hears the stop request on its lock and exits 4; abort takes back the surplus
// replacements, and the simulated cluster ends with every group exactly at its size before the roll, the
// processes as they were, no mark of dextre on a live node, no pre-pull DaemonSet, the lock released —
// and the simulator's own report says no pod was lost and no PDB was violated.
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AbortResult } from '../../src/core/abort-result.js';
import type { RollResult } from '../../src/core/result.js';
import { DEMO_FIXTURE } from '../../src/sim/index.js';
import { serveSimulation, type RunningSim } from '../../src/sim/serve/server.js';
import { assertBuilt, cliAsync, json } from '../commands/cli.js';
import { scratchDir } from '../support/scratch.js';
import { awsEnv, expectCleanCluster, expectGroupsRestored, groups, journal, lockHolder, until } from '../support/served.js';

let sim: RunningSim | undefined;
beforeAll(() => assertBuilt());
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('dextre abort against sim serve', () => {
  it('stops a running roll mid-drain and restores every group exactly', async () => {
    // Slow enough (20 virtual s per real s) that the roll is still draining when the stop request is heard.
    const s = await serve(20);
    const before = groups(s);
    const args = ['--cluster', 'lab', '--kubeconfig', s.info.kubeconfig, '--json'];
    const rolling = cliAsync(['roll', 'nodes', ...args, '--yes', '--no-rebalance'], undefined, awsEnv(s), 240_000);
    await until(async () => Object.values((await journal(s))?.nodes ?? {}).some((n) => n.status === 'draining'), 120_000);

    const aborted = await cliAsync(['abort', ...args], undefined, awsEnv(s), 240_000);
    const rolled = await rolling;
    expect(json<RollResult>(rolled).outcome, rolled.stderr).toBe('interrupted');
    expect(rolled.status).toBe(4);
    const result = json<AbortResult>(aborted);
    expect(result.outcome, aborted.stderr).toBe('succeeded');
    expect(aborted.status).toBe(0);
    expect(result.found).toBe('running');
    expect(result.stopped).toMatch(/\/\d+$/);

    expect(groups(s)).toEqual(before);
    await expectCleanCluster(s);
    expect((await journal(s))?.abort).toMatchObject({ restored: true });
  }, 300_000);

  it('Ctrl-C (SIGTERM) mid-drain: exit 4, marks removed, lock released; the next roll adopts what was left and restores exactly', async () => {
    const s = await serve(20);
    const before = groups(s);
    const args = ['roll', 'nodes', '--cluster', 'lab', '--kubeconfig', s.info.kubeconfig, '--yes', '--json', '--no-rebalance'];
    const stopped = cliAsync(args, undefined, awsEnv(s), 240_000);
    await until(async () => Object.values((await journal(s))?.nodes ?? {}).some((n) => n.status === 'draining'), 120_000);
    const pid = (await lockHolder(s))?.split('/').at(-1);
    expect(pid).toMatch(/^\d+$/);
    process.kill(Number(pid), 'SIGTERM');
    const first = await stopped;
    expect(first.status, first.stderr).toBe(4);
    expect(json<RollResult>(first).outcome).toBe('interrupted');
    await expectCleanCluster(s);
    // Desired may stay above (never lowered blindly); min and max are back.
    for (const [name, g] of groups(s)) {
      expect(g.desired).toBeGreaterThanOrEqual(before.get(name)?.desired ?? 0);
      expect([g.min, g.max]).toEqual([before.get(name)?.min, before.get(name)?.max]);
    }
    expect((await journal(s))?.outcome).toBe('interrupted');

    const second = await cliAsync(args, undefined, awsEnv(s), 240_000);
    const result = json<RollResult>(second);
    expect(result.outcome, second.stderr).toBe('succeeded');
    expectGroupsRestored(s, before, result.warnings);
    await expectCleanCluster(s);
  }, 400_000);
});

async function serve(speed: number): Promise<RunningSim> {
  const kubeconfig = join(scratchDir('dextre-e2e-abort-'), 'kubeconfig');
  sim = await serveSimulation({ fixture: DEMO_FIXTURE, name: 'lab', port: 0, speed, kubeconfig, cloud: 'aws', awsThrottleRate: 0, awsErrorRate: 0 });
  return sim;
}
