// The kubeconfig `sim serve` writes: merged into an existing file, re-written over its own previous
// entry, and never replacing a real cluster's entry of the same name unless asked.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_FIXTURE } from '../../../src/sim/index.js';
import { checkKubeconfig, writeKubeconfig } from '../../../src/sim/serve/kubeconfig.js';
import { serveSimulation } from '../../../src/sim/serve/server.js';
import { scratchDir } from '../../support/scratch.js';
import { usageError } from '../../support/errors.js';

interface Config {
  clusters: { name: string; cluster: { server: string } }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  'current-context': string;
}

/** The cluster body `sim serve` writes. */
const SIM_CLUSTER = '{server: "http://127.0.0.1:4000", insecure-skip-tls-verify: true}';

const read = (path: string) => parse(readFileSync(path, 'utf8')) as Config;

/** A kubeconfig with a real cluster `prod` (and `staging`), as ~/.kube/config holds. */
function realConfig(prod: { cluster?: string; user?: string; context?: string } = {}): string {
  const path = join(scratchDir('dextre-kubeconfig-'), 'config');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `  - {name: prod, cluster: ${prod.cluster ?? '{server: "https://ABC.gr7.eu-west-1.eks.amazonaws.com", certificate-authority-data: Q0E=}'}}`,
      '  - {name: staging, cluster: {server: "https://staging.example.com"}}',
      'users:',
      `  - {name: prod, user: ${prod.user ?? '{exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws, args: [eks, get-token, --cluster-name, prod]}}'}}`,
      'contexts:',
      `  - {name: prod, context: ${prod.context ?? '{cluster: prod, user: prod}'}}`,
      'current-context: prod',
      '',
    ].join('\n'),
  );
  return path;
}

describe('sim serve kubeconfig', () => {
  it('writes a new file with the context as the current one', () => {
    const path = join(scratchDir('dextre-kubeconfig-'), 'sub', 'kubeconfig');
    writeKubeconfig(path, { name: 'lab', server: 'http://127.0.0.1:4000' }, { overwrite: false });
    const config = read(path);
    expect(config.clusters).toEqual([{ name: 'lab', cluster: { server: 'http://127.0.0.1:4000', 'insecure-skip-tls-verify': true } }]);
    expect(config.contexts).toEqual([{ name: 'lab', context: { cluster: 'lab', user: 'lab' } }]);
    expect(config['current-context']).toBe('lab');
  });

  it('merges into a file with other clusters, keeping them and the current context', () => {
    const path = realConfig();
    writeKubeconfig(path, { name: 'lab', server: 'http://127.0.0.1:4000' }, { overwrite: false });
    const config = read(path);
    expect(config.clusters.map((c) => c.name)).toEqual(['prod', 'staging', 'lab']);
    expect(config.clusters[0]?.cluster.server).toBe('https://ABC.gr7.eu-west-1.eks.amazonaws.com');
    expect(config['current-context']).toBe('prod');
  });

  it('re-runs over its own previous entry (another port)', () => {
    const path = realConfig();
    writeKubeconfig(path, { name: 'lab', server: 'http://127.0.0.1:4000' }, { overwrite: false });
    writeKubeconfig(path, { name: 'lab', server: 'http://127.0.0.1:4001' }, { overwrite: false });
    const config = read(path);
    expect(config.clusters.filter((c) => c.name === 'lab')).toEqual([{ name: 'lab', cluster: { server: 'http://127.0.0.1:4001', 'insecure-skip-tls-verify': true } }]);
    expect(config.users.filter((u) => u.name === 'lab')).toHaveLength(1);
  });

  it.each([
    ['a real cluster and user', {}, ['a cluster and a user named "prod"', 'https://ABC.gr7']],
    ['a cluster on plain HTTP elsewhere', { cluster: '{server: "http://10.0.0.1:8080"}' }, ['a cluster and a user', 'http://10.0.0.1:8080']],
    ['a loopback cluster that verifies TLS', { cluster: '{server: "http://127.0.0.1:4000"}', user: '{token: dextre-sim}' }, ['a cluster named']],
    ['a user with another token', { cluster: SIM_CLUSTER, user: '{token: real-token}' }, ['a user named']],
    ['a context pointing at another cluster', { cluster: SIM_CLUSTER, user: '{token: dextre-sim}', context: '{cluster: staging, user: prod}' }, ['a context named', 'cluster staging']],
  ])('refuses to replace %s named like --name (exit 2, file unchanged)', (_what, prod, named) => {
    const path = realConfig(prod);
    const before = readFileSync(path, 'utf8');
    const error = usageError(() => writeKubeconfig(path, { name: 'prod', server: 'http://127.0.0.1:4000' }, { overwrite: false }));
    for (const what of named) expect(error.message).toContain(what);
    expect(error.message).toContain('--overwrite-kubeconfig');
    expect(error.message).toContain(path);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('a user with more than the simulator\'s token is not the simulator\'s', () => {
    const path = realConfig({ cluster: SIM_CLUSTER, user: '{token: dextre-sim, username: admin}' });
    expect(usageError(() => checkKubeconfig(path, 'prod', false)).message).toMatch(/already has a user named "prod"/);
  });

  it('replaces a real entry with --overwrite-kubeconfig', () => {
    const path = realConfig();
    writeKubeconfig(path, { name: 'prod', server: 'http://127.0.0.1:4000' }, { overwrite: true });
    const config = read(path);
    expect(config.clusters.find((c) => c.name === 'prod')?.cluster.server).toBe('http://127.0.0.1:4000');
    expect(config.users.find((u) => u.name === 'prod')?.user).toEqual({ token: 'dextre-sim' });
    expect(config.clusters.map((c) => c.name)).toEqual(['staging', 'prod']);
  });

  it('serveSimulation refuses with the file unchanged', async () => {
    const path = realConfig();
    const before = readFileSync(path, 'utf8');
    let caught: unknown;
    await serveSimulation({ fixture: DEMO_FIXTURE, name: 'prod', port: 0, speed: 'manual', kubeconfig: path, cloud: 'aws', awsThrottleRate: 0, awsErrorRate: 0 }).then(
      (s) => s.close(),
      (e: unknown) => {
        caught = e;
      },
    );
    expect(caught).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect(readFileSync(path, 'utf8')).toBe(before);
  });
});
