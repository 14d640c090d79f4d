import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DextreError } from '../../src/core/errors.js';
import { createKubeCluster } from '../../src/kube/client/cluster.js';
import { type KubeConfigEnvironment, SERVICE_ACCOUNT_DIR, loadKubeConfig } from '../../src/kube/client/kubeconfig.js';
import { fakeApi, list, sendJson } from './fake-api.js';
import { scratchDir } from '../support/scratch.js';

const tmp = () => scratchDir('dextre-kc-');

function config(clusters: Record<string, string>, contexts: Record<string, string>, current?: string, users = 'users:\n- name: u\n  user:\n    token: t\n'): string {
  const c = Object.entries(clusters).map(([name, server]) => `- name: ${name}\n  cluster:\n    server: ${server}\n`).join('');
  const x = Object.entries(contexts).map(([name, cluster]) => `- name: ${name}\n  context:\n    cluster: ${cluster}\n    user: u\n`).join('');
  return `apiVersion: v1\nkind: Config\nclusters:\n${c}contexts:\n${x}${users}${current ? `current-context: ${current}\n` : ''}`;
}

function file(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function env(over: Partial<KubeConfigEnvironment> = {}): KubeConfigEnvironment {
  return { env: {}, home: tmp(), serviceAccountRoot: tmp(), ...over };
}

async function configError(run: Promise<unknown>): Promise<DextreError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DextreError);
  expect((error as DextreError).code).toBe('CONFIG');
  return error as DextreError;
}

describe('loadKubeConfig', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('loads the file named, with the context asked for', async () => {
    const path = file(tmp(), 'kc', config({ prod: 'https://prod.example:443', dev: 'https://dev.example' }, { prod: 'prod', dev: 'dev' }, 'dev'));
    const loaded = await loadKubeConfig({ kubeconfig: path, context: 'prod' }, env());
    expect(loaded.context).toBe('prod');
    expect(loaded.source).toBe(path);
    expect(loaded.kc.getCurrentCluster()?.server).toBe('https://prod.example:443');
    // Without a context: the file's current-context.
    expect((await loadKubeConfig({ kubeconfig: path }, env())).context).toBe('dev');
  });

  it('a file named that does not exist is a CONFIG error naming it', async () => {
    const missing = join(tmp(), 'nope', 'kubeconfig');
    const error = await configError(loadKubeConfig({ kubeconfig: missing }, env()));
    expect(error.message).toContain(missing);
    expect(error.message).toContain('--kubeconfig');
  });

  it('an unknown context is a CONFIG error listing the contexts the file has', async () => {
    const path = file(tmp(), 'kc', config({ a: 'https://a', b: 'https://b' }, { alpha: 'a', beta: 'b' }, 'alpha'));
    const error = await configError(loadKubeConfig({ kubeconfig: path, context: 'gamma' }, env()));
    expect(error.message).toContain('no context "gamma"');
    expect(error.message).toContain('alpha, beta');
    expect(error.message).toContain('aws eks update-kubeconfig');
  });

  it('no current-context and none asked for is a CONFIG error listing the contexts', async () => {
    const path = file(tmp(), 'kc', config({ a: 'https://a' }, { alpha: 'a' }));
    expect((await configError(loadKubeConfig({ kubeconfig: path }, env()))).message).toContain('alpha');
  });

  it('with no kubeconfig anywhere (real environment: HOME empty, KUBECONFIG unset) it fails instead of falling back to localhost:8080', async () => {
    const home = tmp();
    vi.stubEnv('HOME', home);
    vi.stubEnv('KUBECONFIG', '');
    vi.stubEnv('KUBERNETES_SERVICE_HOST', '');
    const error = await configError(loadKubeConfig());
    expect(error.message).toContain(join(home, '.kube', 'config'));
    expect(error.message).toContain('KUBECONFIG');
    expect(error.message).toContain('aws eks update-kubeconfig --name CLUSTER');
    expect(error.message).not.toContain('localhost:8080');
  });

  it('KUBECONFIG naming only files that do not exist is a CONFIG error naming them', async () => {
    const dir = tmp();
    const error = await configError(loadKubeConfig({}, env({ env: { KUBECONFIG: `${join(dir, 'a')}:${join(dir, 'b')}` } })));
    expect(error.message).toContain(join(dir, 'a'));
  });

  it('merges KUBECONFIG as kubectl does: missing files skipped, first definition and first current-context win', async () => {
    const dir = tmp();
    const first = file(dir, 'one', config({ shared: 'https://first' }, { one: 'shared' }, 'one'));
    const second = file(dir, 'two', config({ shared: 'https://second', other: 'https://other' }, { two: 'other', one: 'other' }, 'two'));
    const loaded = await loadKubeConfig({}, env({ env: { KUBECONFIG: [join(dir, 'missing'), first, second].join(':') } }));
    expect(loaded.context).toBe('one');
    expect(loaded.kc.getCurrentCluster()?.server).toBe('https://first');
    expect(loaded.source).toBe(`${first}:${second}`);
    expect(loaded.kc.getContexts().map((c) => c.name)).toEqual(['one', 'two']);
    const two = await loadKubeConfig({ context: 'two' }, env({ env: { KUBECONFIG: [first, second].join(':') } }));
    expect(two.kc.getCurrentCluster()?.server).toBe('https://other');
  });

  it('falls back to ~/.kube/config, then to the in-cluster service account', async () => {
    const home = tmp();
    mkdirSync(join(home, '.kube'));
    file(join(home, '.kube'), 'config', config({ c: 'https://home' }, { home: 'c' }, 'home'));
    expect((await loadKubeConfig({}, env({ home }))).kc.getCurrentCluster()?.server).toBe('https://home');

    const root = tmp();
    mkdirSync(join(root, SERVICE_ACCOUNT_DIR), { recursive: true });
    file(join(root, SERVICE_ACCOUNT_DIR), 'token', 'sa-token');
    file(join(root, SERVICE_ACCOUNT_DIR), 'ca.crt', 'not really a certificate');
    file(join(root, SERVICE_ACCOUNT_DIR), 'namespace', 'dextre');
    const inPod = await loadKubeConfig({ context: 'whatever-dextre-yaml-says' }, env({ serviceAccountRoot: root, env: { KUBERNETES_SERVICE_HOST: '10.100.0.1', KUBERNETES_SERVICE_PORT: '443' } }));
    expect(inPod.source).toBe('in-cluster');
    expect(inPod.kc.getCurrentCluster()).toMatchObject({ server: 'https://10.100.0.1:443', skipTLSVerify: false, caFile: join(root, SERVICE_ACCOUNT_DIR, 'ca.crt') });
    expect(inPod.kc.getCurrentUser()?.authProvider).toEqual({ name: 'tokenFile', config: { tokenFile: join(root, SERVICE_ACCOUNT_DIR, 'token') } });
  });

  it('refuses a plain http:// server unless the entry skips TLS verification (never forced by dextre)', async () => {
    const path = file(tmp(), 'kc', config({ local: 'http://127.0.0.1:8080' }, { local: 'local' }, 'local'));
    expect((await configError(loadKubeConfig({ kubeconfig: path }, env()))).message).toContain('http://');
  });

  it('keeps the TLS settings of the kubeconfig', async () => {
    const path = file(
      tmp(),
      'kc',
      `apiVersion: v1
clusters:
- name: eks
  cluster:
    server: https://ABC.gr7.eu-west-1.eks.amazonaws.com
    certificate-authority-data: ${Buffer.from('CA').toString('base64')}
contexts:
- name: eks
  context: {cluster: eks, user: eks}
users:
- name: eks
  user: {token: t}
current-context: eks
`,
    );
    const { kc } = await loadKubeConfig({ kubeconfig: path }, env());
    expect(kc.getCurrentCluster()).toMatchObject({ caData: Buffer.from('CA').toString('base64'), skipTLSVerify: false });
  });

  it('exec credential plugins keep working: the token the plugin prints is sent', async () => {
    const seen: string[] = [];
    const api = await fakeApi((req, res) => {
      seen.push(String(req.headers.authorization));
      sendJson(res, 200, list('NodeList', []));
    });
    try {
      const dir = tmp();
      const plugin = file(
        dir,
        'plugin.mjs',
        `console.log(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: 'from-' + process.env.WHO, expirationTimestamp: '2999-01-01T00:00:00Z' } }));`,
      );
      const path = file(
        dir,
        'kc',
        `apiVersion: v1
clusters:
- name: fake
  cluster: {server: '${api.url}', insecure-skip-tls-verify: true}
contexts:
- name: fake
  context: {cluster: fake, user: exec}
users:
- name: exec
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ${process.execPath}
      args: ['${plugin}']
      env: [{name: WHO, value: plugin}]
current-context: fake
`,
      );
      const { kc } = await loadKubeConfig({ kubeconfig: path }, env());
      await createKubeCluster(kc).listNodes();
      expect(seen).toEqual(['Bearer from-plugin']);
    } finally {
      await api.close();
    }
  });
});
