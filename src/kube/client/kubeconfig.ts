// Finding and loading the kubeconfig, as kubectl does, but never silently: client-node's loadFromDefault
// falls back to http://localhost:8080 when it finds nothing, and takes the *last* file's current-context
// and throws on duplicate names when merging KUBECONFIG. The order:
//   1. the path given (--kubeconfig, or kubeconfig: in dextre.yaml): it must exist;
//   2. KUBECONFIG, a list separated by ':' (';' on Windows), merged as kubectl merges it: files that do
//      not exist are skipped, the first file to define a cluster, user or context name wins, and the
//      first current-context set wins;
//   3. ~/.kube/config;
//   4. in a pod (a CronJob): the service account's token and CA, with KUBERNETES_SERVICE_HOST/PORT;
//   5. otherwise a CONFIG error naming what was tried and how to make a kubeconfig.
// The kubeconfig's own TLS settings and exec credential plugins (`aws eks get-token`) are left to
// client-node untouched.
import { existsSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { type Cluster, type Context, KubeConfig, type User } from '@kubernetes/client-node';
import { DextreError } from '../../core/errors.js';

export interface LoadedKubeConfig {
  kc: KubeConfig;
  /** The context in use. */
  context: string;
  /** Where it came from: the file (or files, joined with the path delimiter), or `in-cluster`. */
  source: string;
}

/** What the search looks at; tests pass their own. */
export interface KubeConfigEnvironment {
  env: Record<string, string | undefined>;
  home: string | undefined;
  /** Prepended to /var/run/secrets/kubernetes.io/serviceaccount (client-node's loadFromCluster prefix). */
  serviceAccountRoot: string;
}

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const FIX = 'Create one with `aws eks update-kubeconfig --name CLUSTER` (EKS), or name one with --kubeconfig PATH.';

function defaultEnvironment(): KubeConfigEnvironment {
  return { env: process.env, home: process.env['HOME'] || homedir(), serviceAccountRoot: '' };
}

export async function loadKubeConfig(
  options: { kubeconfig?: string; context?: string } = {},
  environment: KubeConfigEnvironment = defaultEnvironment(),
): Promise<LoadedKubeConfig> {
  const found = findKubeConfig(options.kubeconfig, environment);
  if (found.kind === 'in-cluster') {
    // One cluster: the one the pod runs in. A context named in dextre.yaml is meant for the kubeconfig
    // of a workstation, so it is not held against the service account.
    const kc = inClusterConfig(environment);
    return { kc, context: kc.getCurrentContext(), source: 'in-cluster' };
  }
  const kc = mergeFiles(found.files);
  const source = found.files.join(delimiter);
  const context = chooseContext(kc, options.context, source);
  return { kc, context, source };
}

type Found = { kind: 'files'; files: string[] } | { kind: 'in-cluster' };

function expandHome(path: string, home: string | undefined): string {
  return home !== undefined && (path === '~' || path.startsWith('~/')) ? join(home, path.slice(1)) : path;
}

function findKubeConfig(explicit: string | undefined, environment: KubeConfigEnvironment): Found {
  const { env, home } = environment;
  if (explicit !== undefined && explicit !== '') {
    const path = resolve(expandHome(explicit, home));
    if (!existsSync(path)) {
      throw new DextreError('CONFIG', `The kubeconfig ${path} does not exist. Check the path given with --kubeconfig (or kubeconfig: in dextre.yaml). ${FIX}`);
    }
    return { kind: 'files', files: [path] };
  }
  const listed = (env['KUBECONFIG'] ?? '').split(delimiter).filter((p) => p !== '');
  if (listed.length > 0) {
    const files = listed.map((p) => resolve(expandHome(p, home))).filter((p) => existsSync(p));
    if (files.length === 0) {
      throw new DextreError('CONFIG', `KUBECONFIG names ${listed.join(delimiter)}, but none of these files exists. Fix KUBECONFIG or unset it. ${FIX}`);
    }
    return { kind: 'files', files: [...new Set(files)] };
  }
  const homeConfig = home !== undefined ? join(home, '.kube', 'config') : undefined;
  if (homeConfig !== undefined && existsSync(homeConfig)) return { kind: 'files', files: [homeConfig] };
  const root = environment.serviceAccountRoot;
  const inPod = env['KUBERNETES_SERVICE_HOST'] && env['KUBERNETES_SERVICE_PORT'] && existsSync(`${root}${SERVICE_ACCOUNT_DIR}/token`);
  if (inPod) return { kind: 'in-cluster' };
  throw new DextreError(
    'CONFIG',
    `No kubeconfig found. dextre looked at KUBECONFIG (not set), ${homeConfig ?? '~/.kube/config (no home directory)'} (does not exist) ` +
      `and an in-cluster service account (${root}${SERVICE_ACCOUNT_DIR}/token with KUBERNETES_SERVICE_HOST: not running in a pod). ${FIX}`,
  );
}

/**
 * The service account's credentials, as client-node's loadFromCluster builds them but from the given
 * environment: the CA file, and the token read from its file at every request (it is rotated).
 */
function inClusterConfig(environment: KubeConfigEnvironment): KubeConfig {
  const dir = `${environment.serviceAccountRoot}${SERVICE_ACCOUNT_DIR}`;
  const host = environment.env['KUBERNETES_SERVICE_HOST'] ?? '';
  const port = environment.env['KUBERNETES_SERVICE_PORT'] ?? '443';
  const namespaceFile = join(dir, 'namespace');
  const namespace = existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : undefined;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'in-cluster', server: `https://${isIPv6(host) ? `[${host}]` : host}:${port}`, caFile: join(dir, 'ca.crt'), skipTLSVerify: false }],
    users: [{ name: 'in-cluster', authProvider: { name: 'tokenFile', config: { tokenFile: join(dir, 'token') } } }],
    contexts: [{ name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster', ...(namespace ? { namespace } : {}) }],
    currentContext: 'in-cluster',
  });
  return kc;
}

function loadFile(file: string): KubeConfig {
  const part = new KubeConfig();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e: unknown) {
    throw new DextreError('CONFIG', `Cannot read the kubeconfig ${file}: ${e instanceof Error ? e.message : String(e)}.`);
  }
  // kubectl reads an empty file as an empty config.
  if (text.trim() === '') return part;
  try {
    part.loadFromFile(file);
  } catch (e: unknown) {
    // A YAML error's message goes on with a snippet of the file; its first line has the cause and the position.
    const cause = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
    throw new DextreError('CONFIG', `The kubeconfig ${file} is not valid: ${cause}. Regenerate it (\`aws eks update-kubeconfig --name CLUSTER\`) or fix it by hand.`);
  }
  return part;
}

/** Merges as kubectl does (clientcmd's loading rules): first definition of a name wins, first current-context wins. */
function mergeFiles(files: string[]): KubeConfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext: string | undefined;
  for (const file of files) {
    const part = loadFile(file);
    for (const c of part.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of part.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of part.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    const current = part.getCurrentContext();
    if (!currentContext && current) currentContext = current;
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext });
  return kc;
}

function chooseContext(kc: KubeConfig, wanted: string | undefined, source: string): string {
  const names = kc.getContexts().map((c) => c.name);
  if (names.length === 0) throw new DextreError('CONFIG', `The kubeconfig ${source} has no contexts. ${FIX}`);
  const name = wanted || kc.getCurrentContext();
  if (!name) {
    throw new DextreError('CONFIG', `The kubeconfig ${source} sets no current-context. Pass --context with one of its contexts: ${names.join(', ')}.`);
  }
  const context = kc.getContextObject(name);
  if (!context) {
    throw new DextreError(
      'CONFIG',
      `The kubeconfig ${source} has no context "${name}"; its contexts are: ${names.join(', ')}. ` +
        `Pass --context with one of them (or set context: in dextre.yaml), or add it with \`aws eks update-kubeconfig --name CLUSTER --alias ${name}\`.`,
    );
  }
  kc.setCurrentContext(name);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new DextreError('CONFIG', `Context "${name}" in the kubeconfig ${source} names cluster "${context.cluster}", which the kubeconfig does not define. ${FIX}`);
  if (context.user && !kc.getCurrentUser()) {
    throw new DextreError('CONFIG', `Context "${name}" in the kubeconfig ${source} names user "${context.user}", which the kubeconfig does not define. ${FIX}`);
  }
  if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify) {
    throw new DextreError(
      'CONFIG',
      `Context "${name}" in the kubeconfig ${source} points at a plain http:// server (${cluster.server}); dextre only talks to one when the cluster entry sets insecure-skip-tls-verify: true. Use the cluster's https:// endpoint.`,
    );
  }
  return name;
}
