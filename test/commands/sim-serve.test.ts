// `dextre sim serve` as users run it: the built CLI, its JSON line, its refusals.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assertBuilt, cli, cliAsync, type CliRun } from './cli.js';
import { scratchDir } from '../support/scratch.js';

beforeAll(assertBuilt);

/** Serves until the server says it is ready, then stops it with SIGTERM. */
function serveOnce(args: string[]): Promise<CliRun> {
  return cliAsync(['sim', 'serve', '--cluster', 'demo', '--speed', '1', ...args], (stderr, signal) => {
    if (stderr.includes('Serving ')) signal('SIGTERM');
  }, {}, 60_000);
}

const REAL = [
  'apiVersion: v1',
  'kind: Config',
  'clusters: [{name: prod, cluster: {server: "https://ABC.gr7.eu-west-1.eks.amazonaws.com"}}]',
  'users: [{name: prod, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws, args: [eks, get-token]}}}]',
  'contexts: [{name: prod, context: {cluster: prod, user: prod}}]',
  'current-context: prod',
  '',
].join('\n');

describe('dextre sim serve --kubeconfig', () => {
  it('refuses to replace a real cluster of the same name: exit 2, one paragraph, the file unchanged', () => {
    const kubeconfig = join(scratchDir('dextre-serve-'), 'config');
    writeFileSync(kubeconfig, REAL);
    const run = cli(['sim', 'serve', '--cluster', 'demo', '--name', 'prod', '--kubeconfig', kubeconfig]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Error: /);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--overwrite-kubeconfig');
    expect(readFileSync(kubeconfig, 'utf8')).toBe(REAL);
  });

  it('serves again over its own entry, and over a real one with --overwrite-kubeconfig', async () => {
    const kubeconfig = join(scratchDir('dextre-serve-'), 'config');
    writeFileSync(kubeconfig, REAL);
    const first = await serveOnce(['--name', 'lab', '--kubeconfig', kubeconfig]);
    const again = await serveOnce(['--name', 'lab', '--kubeconfig', kubeconfig]);
    const forced = await serveOnce(['--name', 'prod', '--kubeconfig', kubeconfig, '--overwrite-kubeconfig']);
    for (const run of [first, again, forced]) {
      expect(run.stderr).toContain('Stopped on SIGTERM');
      expect(JSON.parse(run.stdout)).toMatchObject({ kubeconfig });
    }
    const config = parse(readFileSync(kubeconfig, 'utf8')) as { clusters: { name: string; cluster: { server: string } }[] };
    const againUrl = (JSON.parse(again.stdout) as { kubernetes: string }).kubernetes;
    expect(config.clusters.find((c) => c.name === 'lab')?.cluster.server).toBe(againUrl);
    expect(config.clusters.find((c) => c.name === 'prod')?.cluster.server).toBe((JSON.parse(forced.stdout) as { kubernetes: string }).kubernetes);
  }, 120_000);
});
