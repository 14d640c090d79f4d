import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTarget, resolveTargetRequest, type TargetRequest } from '../../src/config/target.js';
import { DextreError } from '../../src/core/errors.js';
import { FileJournal, MemoryJournal } from '../../src/engine/journal-file.js';
import { DEMO_FIXTURE } from '../../src/sim/index.js';
import { scratchDir } from '../support/scratch.js';

const cwd = scratchDir('dextre-target-');
// No user config is found from an empty config home.
const env = { XDG_CONFIG_HOME: join(cwd, 'no-config-home') };
const base: TargetRequest = { speed: 'max', cwd, env };

function failure(request: TargetRequest): DextreError {
  try {
    resolveTargetRequest(request);
  } catch (e: unknown) {
    if (e instanceof DextreError) return e;
    throw e;
  }
  throw new Error('expected a DextreError');
}

describe('resolveTargetRequest', () => {
  it('--cluster demo is the built-in demo fixture, journaled in memory', async () => {
    const resolved = resolveTargetRequest({ ...base, cluster: 'demo' });
    expect(resolved).toMatchObject({ kind: 'simulator', fixture: DEMO_FIXTURE });
    const target = await openTarget(resolved);
    expect(target.clusterName).toBe('demo');
    expect(target.journal).toBeInstanceOf(MemoryJournal);
    expect(target.journalPath).toBeUndefined();
    expect(target.simulationReport?.().pdbViolations).toBe(0);
  });

  it('--journal names a file, relative to the working directory', async () => {
    const target = await openTarget(resolveTargetRequest({ ...base, cluster: 'demo', journal: 'j/roll.json' }));
    expect(target.journal).toBeInstanceOf(FileJournal);
    expect(target.journalPath).toBe(join(cwd, 'j', 'roll.json'));
  });

  it('any other cluster without a config entry is the kube context and the tag name of that name', () => {
    expect(resolveTargetRequest({ ...base, cluster: 'prod' })).toEqual({ kind: 'cluster', cluster: { name: 'prod', roll: {} }, roll: {} });
  });

  it('flags override the config entry; the entry gives defaults for the rest', () => {
    const dir = scratchDir('dextre-target-cfg-');
    writeFileSync(
      join(dir, 'dextre.yaml'),
      ['clusters:', '  prod:', '    kubeconfig: kube/prod.yaml', '    context: ctx-prod', '    region: eu-west-1', '    awsClusterName: prod-eks', '    groups: [a, b]', '    roll: { surge: 2 }'].join('\n'),
    );
    const resolved = resolveTargetRequest({ ...base, cwd: dir, cluster: 'prod', region: 'us-east-1', profile: 'admin' });
    expect(resolved).toMatchObject({
      kind: 'cluster',
      configFile: join(dir, 'dextre.yaml'),
      cluster: { name: 'prod', kubeconfig: join(dir, 'kube/prod.yaml'), context: 'ctx-prod', region: 'us-east-1', profile: 'admin', awsClusterName: 'prod-eks', groups: ['a', 'b'] },
      roll: { surge: '2' },
    });
    // The working directory's file wins over the user's; --config wins over both.
    const other = join(dir, 'other.yaml');
    writeFileSync(other, 'clusters:\n  prod:\n    context: from-other\n');
    expect(resolveTargetRequest({ ...base, cwd: dir, cluster: 'prod', config: 'other.yaml' })).toMatchObject({ cluster: { context: 'from-other' } });
  });

  it('the user config directory is read when the working directory has no dextre.yaml', () => {
    const home = scratchDir('dextre-target-home-');
    mkdirSync(join(home, 'dextre'));
    writeFileSync(join(home, 'dextre', 'config.yaml'), 'clusters:\n  staging:\n    region: ap-south-1\n');
    expect(resolveTargetRequest({ ...base, env: { XDG_CONFIG_HOME: home }, cluster: 'staging' })).toMatchObject({ cluster: { region: 'ap-south-1' } });
  });

  it('a --config file that does not exist is a configuration error (exit 2) naming it', () => {
    const e = failure({ ...base, cluster: 'prod', config: 'missing.yaml' });
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(join(cwd, 'missing.yaml'));
  });

  it('cluster flags on a simulator in this process are a usage error pointing at sim serve', () => {
    const e = failure({ ...base, cluster: 'demo', kubeconfig: 'k.yaml' });
    expect(e.code).toBe('USAGE');
    expect(e.message).toContain('--kubeconfig');
    expect(e.message).toContain('dextre sim serve');
  });

  it('a missing fixture file is a configuration error (exit 2)', () => {
    const e = failure({ ...base, sim: 'nope.yaml' });
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(join(cwd, 'nope.yaml'));
  });

  it('no cluster at all is a usage error', () => {
    expect(failure(base).code).toBe('USAGE');
  });
});
