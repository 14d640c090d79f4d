// `dextre snapshot` of a cluster reached through the real adapters (`sim serve`): replayed with
// `plan --snapshot`, it plans what `plan` plans on the live cluster; no credential ends up in the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RollResult } from '../../src/core/result.js';
import { DEMO_FIXTURE } from '../../src/sim/index.js';
import { serveSimulation, type RunningSim } from '../../src/sim/serve/server.js';
import { assertBuilt, cliAsync, json } from '../commands/cli.js';
import { scratchDir } from '../support/scratch.js';

let sim: RunningSim;
const SECRET = 'AKIA-NEVER-IN-A-SNAPSHOT';

beforeAll(async () => {
  assertBuilt();
  const kubeconfig = join(scratchDir('dextre-e2e-snapshot-'), 'kubeconfig');
  sim = await serveSimulation({ fixture: DEMO_FIXTURE, name: 'lab', port: 0, speed: 1, kubeconfig, cloud: 'aws', awsThrottleRate: 0, awsErrorRate: 0 });
});
afterAll(async () => sim?.close());

function env(): NodeJS.ProcessEnv {
  return { AWS_ENDPOINT_URL: sim.info.aws ?? '', AWS_REGION: sim.info.region, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: SECRET, AWS_PROFILE: undefined, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
}

const planOf = ({ startedAt: _s, finishedAt: _f, ...rest }: RollResult) => rest;

describe('dextre snapshot through the real adapters', () => {
  it('replays as the same plan, and holds no credential', async () => {
    const file = join(scratchDir('dextre-e2e-snapshot-'), 'lab.json');
    const target = ['--cluster', 'lab', '--kubeconfig', sim.info.kubeconfig];
    const taken = await cliAsync(['snapshot', ...target, '-o', file], undefined, env());
    expect(taken.status, taken.stderr).toBe(0);
    const [live, replayed] = await Promise.all([cliAsync(['plan', ...target, '--json'], undefined, env()), cliAsync(['plan', '--snapshot', file, '--json'])]);
    expect(live.status, live.stderr).toBe(0);
    expect(replayed.status, replayed.stderr).toBe(0);
    expect(planOf(json(replayed))).toEqual(planOf(json(live)));
    const text = readFileSync(file, 'utf8');
    const token = /token: (\S+)/.exec(readFileSync(sim.info.kubeconfig, 'utf8'))?.[1];
    expect(token).toBeDefined();
    expect(text).not.toContain(token);
    expect(text).not.toContain(SECRET);
  }, 120_000);

  it('plan --simulate on the live cluster rehearses on a snapshot read now, and changes nothing there', async () => {
    const target = ['--cluster', 'lab', '--kubeconfig', sim.info.kubeconfig];
    // What went through the ports (lower-case verbs; the world's own controllers act in upper case).
    const changes = () => sim.ctx.world.actions.filter((a) => /^[a-z]/.test(a.verb));
    const before = changes().length;
    const run = await cliAsync(['plan', ...target, '--simulate', '--json'], undefined, env());
    expect(run.status, run.stderr).toBe(0);
    const result = json<RollResult>(run);
    expect(result.outcome).toBe('planned');
    expect(result.prediction?.outcome).toBe('succeeded');
    expect(result.prediction?.timeline.length).toBe(result.nodes.length);
    expect(result.simulation).toMatchObject({ pdbViolations: 0, lostPods: 0, outdatedNodesRemaining: 0 });
    expect(changes().slice(before)).toStrictEqual([]);
  }, 120_000);
});
