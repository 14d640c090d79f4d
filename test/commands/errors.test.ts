import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cli, json, type ErrorJson } from './cli.js';
import { expectKnownFlagsAndCommands } from '../support/known-flags.js';
import { scratchDir } from '../support/scratch.js';

beforeAll(assertBuilt);

/** One paragraph, no stack trace. */
function expectCleanError(stderr: string): void {
  expect(stderr).toMatch(/^Error: /);
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  expectKnownFlagsAndCommands(stderr);
}

describe('usage and configuration errors exit 2 with one clear paragraph', () => {
  it('unknown cluster: not a context of the kubeconfig, whose contexts are listed', () => {
    const dir = scratchDir('dextre-kubeconfig-');
    const kubeconfig = join(dir, 'config');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: [{name: lab, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: lab, user: {token: t}}]\ncontexts: [{name: lab, context: {cluster: lab, user: lab}}]\ncurrent-context: lab\n',
    );
    const run = cli(['roll', 'nodes', '--cluster', 'prod', '--yes'], 60_000, { KUBECONFIG: kubeconfig, HOME: dir });
    expect(run.status).toBe(2);
    expectCleanError(run.stderr);
    expect(run.stderr).toContain('prod');
    expect(run.stderr).toContain('lab');
    expect(run.stdout).toBe('');
  });

  it('no kubeconfig at all under --json: only the error object on stdout', () => {
    const home = scratchDir('dextre-home-');
    const run = cli(['plan', '--cluster', 'prod', '--json'], 60_000, { HOME: home, KUBECONFIG: undefined, KUBERNETES_SERVICE_HOST: undefined });
    expect(run.status).toBe(2);
    const body = json<ErrorJson>(run);
    expect(body).toEqual({ error: { code: 'CONFIG', message: expect.stringContaining('kubeconfig') as unknown }, exitCode: 2 });
  });

  it('malformed fixture: names the file and the line', () => {
    const dir = scratchDir('dextre-fixture-');
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'name: broken\nzones: [a, b\nnodeGroups:\n  - name: x\n');
    const run = cli(['plan', '--sim', file, '--json']);
    expect(run.status).toBe(2);
    const body = json<ErrorJson>(run);
    expect(body.error.code).toBe('FIXTURE');
    expect(body.error.message).toContain(file);
    expect(body.error.message).toMatch(/broken\.yaml:\d+/);
  });

  it('missing fixture file', () => {
    const run = cli(['plan', '--sim', 'no/such/fixture.yaml']);
    expect(run.status).toBe(2);
    expectCleanError(run.stderr);
    expect(run.stderr).toContain('fixture.yaml does not exist');
  });

  it('no cluster at all', () => {
    const run = cli(['plan']);
    expect(run.status).toBe(2);
    expectCleanError(run.stderr);
    expect(run.stderr).toContain('--cluster');
  });

  it.each([
    [['--surge', '-1'], '--surge'],
    [['--surge=-1'], '--surge'],
    [['--max-unavailable', '-2'], '--max-unavailable'],
    [['--surge', '120%'], '--surge'],
    [['--max-age', '30 days'], '--max-age'],
    [['--drain-timeout', 'soon'], '--drain-timeout'],
    [['--speed', 'fast'], '--speed'],
  ])('%j', (flags, named) => {
    const run = cli(['roll', 'nodes', '--cluster', 'demo', '--yes', ...flags]);
    expect(run.status).toBe(2);
    expectCleanError(run.stderr);
    expect(run.stderr).toContain(named);
  });

  it('an unknown flag under --json is a short usage error object, not a dump of the oclif config', () => {
    const run = cli(['roll', 'nodes', '--cluster', 'demo', '--bogus', '--json']);
    expect(run.status).toBe(2);
    const body = json<ErrorJson>(run);
    expect(body.error.code).toBe('USAGE');
    expect(body.error.message).toContain('--bogus');
    expect(body.exitCode).toBe(2);
    expect(run.stdout.length).toBeLessThan(1000);
  });

  it('--cluster and --sim together', () => {
    const run = cli(['plan', '--cluster', 'demo', '--sim', 'x.yaml']);
    expect(run.status).toBe(2);
    expectCleanError(run.stderr);
  });
});

describe('help', () => {
  it.each([['roll', 'nodes'], ['plan']])('%s --help shows the exit code table', (...command) => {
    const run = cli([...command, '--help']);
    expect(run.status).toBe(0);
    for (const line of ['0  success', '1  the roll failed', '2  usage or configuration error', '3  blocked', '4  interrupted', '5  another dextre (a roll, a rebalance or an abort) holds the lock', '6  outside the maintenance window']) {
      expect(run.stdout).toContain(line);
    }
  });
});
