// `dextre snapshot` through the built CLI: a snapshot of the demo cluster, replayed with `plan --snapshot`,
// gives the same plan; it writes JSON or YAML; and its usage errors change nothing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RollResult } from '../../src/core/result.js';
import type { SnapshotResult } from '../../commands/snapshot.js';
import { scratchDir } from '../support/scratch.js';
import { assertBuilt, cliAsync, json, type ErrorJson } from './cli.js';

beforeAll(assertBuilt);

/** A plan without the moments it was made. */
function planOf(result: RollResult): Omit<RollResult, 'startedAt' | 'finishedAt'> {
  const { startedAt: _s, finishedAt: _f, ...rest } = result;
  return rest;
}

describe('dextre snapshot', () => {
  it('snapshot --cluster demo -o FILE, then plan --snapshot FILE: the same plan as plan --cluster demo', async () => {
    const dir = scratchDir('dextre-snapshot-');
    const file = join(dir, 's.json');
    const [taken, direct] = await Promise.all([cliAsync(['snapshot', '--cluster', 'demo', '-o', file, '--json']), cliAsync(['plan', '--cluster', 'demo', '--json'])]);
    expect(taken.status, taken.stderr).toBe(0);
    const summary = json<SnapshotResult>(taken);
    expect(summary).toMatchObject({ outcome: 'written', cluster: 'demo', file, groups: 2, nodes: 15 });
    expect(summary.assumptions.length).toBeGreaterThan(0);
    const replayed = await cliAsync(['plan', '--snapshot', file, '--json']);
    expect(replayed.status, replayed.stderr).toBe(0);
    expect(planOf(json(replayed))).toEqual(planOf(json(direct)));
  }, 120_000);

  it('writes YAML for a .yaml file and JSON to stdout without -o; both load as fixtures', async () => {
    const dir = scratchDir('dextre-snapshot-');
    const yaml = join(dir, 's.yaml');
    const [toYaml, toStdout] = await Promise.all([cliAsync(['snapshot', '--cluster', 'demo', '-o', yaml, '--quiet']), cliAsync(['snapshot', '--cluster', 'demo'])]);
    expect(toYaml.status, toYaml.stderr).toBe(0);
    expect(readFileSync(yaml, 'utf8')).toMatch(/^description: /);
    expect(toStdout.status, toStdout.stderr).toBe(0);
    const doc = json<{ cluster: string; snapshot: { assumptions: string[] } }>(toStdout);
    expect(doc.cluster).toBe('demo');
    // The summary went to stderr, so stdout stays a clean document.
    expect(toStdout.stderr).toContain('Snapshot of demo');
    const plans = await Promise.all([cliAsync(['plan', '--snapshot', yaml, '--json']), cliAsync(['plan', '--cluster', 'demo', '--json'])]);
    expect(planOf(json(plans[0]))).toEqual(planOf(json(plans[1])));
  }, 120_000);

  it('--json without -o is a usage error (exit 2) and writes nothing', async () => {
    const run = await cliAsync(['snapshot', '--cluster', 'demo', '--json']);
    expect(run.status).toBe(2);
    expect(json<ErrorJson>(run).error.message).toContain('-o FILE');
  });

  it('a directory that does not exist: exit 2 naming the file, and no half-written snapshot', async () => {
    const file = join(scratchDir('dextre-snapshot-'), 'missing', 's.json');
    const run = await cliAsync(['snapshot', '--cluster', 'demo', '-o', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(file);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it('--snapshot with a file that does not exist: exit 2 naming it', async () => {
    const run = await cliAsync(['plan', '--snapshot', 'nope.json']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/nope\.json does not exist.*--snapshot/);
  });
});
