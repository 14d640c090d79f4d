// The kubeconfig `dextre sim serve` writes: one cluster, user and context named after the served
// cluster. An existing file is merged into, as kind and minikube do: entries of other names are kept,
// and the current context changes only when the file had none. An entry of the same name that is not
// the simulator's own (a real cluster called `prod` in ~/.kube/config) is never replaced unless asked:
// the simulator's entry is plain HTTP, skips TLS and carries a fake token.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse, stringify } from 'yaml';
import { DextreError } from '../../core/errors.js';

/** The token the simulator's user sends (it authenticates nobody); it also marks the user entry as the simulator's. */
const SIM_TOKEN = 'dextre-sim';
/** The server of a cluster entry `sim serve` wrote: plain HTTP on loopback, any port (a re-run gets another). */
const SIM_SERVER = /^http:\/\/127\.0\.0\.1:\d+\/?$/;

type Section = 'clusters' | 'users' | 'contexts';

interface Named {
  name: string;
  [key: string]: unknown;
}

export interface KubeconfigEntry {
  /** The cluster, user and context name (`--name`). */
  name: string;
  /** The Kubernetes API's URL. */
  server: string;
}

/**
 * Checks that the simulator's entries may be written into `path` (before anything is served): throws a
 * USAGE error naming the entries of the same name that point elsewhere, unless `overwrite` is set.
 */
export function checkKubeconfig(path: string, name: string, overwrite: boolean): void {
  if (!existsSync(path)) return;
  const foreign = foreignEntries(readExisting(path), name);
  if (foreign.length === 0 || overwrite) return;
  throw new DextreError(
    'USAGE',
    `The kubeconfig ${path} already has ${phrase(foreign.map((f) => `a ${f.what}`))} named "${name}" that ${foreign.length === 1 ? 'is' : 'are'} not the simulator's ` +
      `(${foreign.map((f) => f.detail).join('; ')}); sim serve would replace ${foreign.length === 1 ? 'it' : 'them'} with a plain-HTTP entry and a fake token. ` +
      `Pass another --name or another --kubeconfig (by default sim serve writes a new file), or --overwrite-kubeconfig to replace ${foreign.length === 1 ? 'it' : 'them'}. Nothing was changed.`,
  );
}

/** Writes (or merges) the simulator's entries; checks again first, as the file may have changed since. */
export function writeKubeconfig(path: string, entry: KubeconfigEntry, options: { overwrite: boolean }): void {
  checkKubeconfig(path, entry.name, options.overwrite);
  const config = existsSync(path) ? readExisting(path) : {};
  const upsert = (key: Section, value: Named) => {
    // Only the entry of this name goes; every other item stays as it was, even one we cannot read.
    const list: unknown[] = Array.isArray(config[key]) ? config[key] : [];
    config[key] = [...list.filter((e) => !(typeof e === 'object' && e !== null && (e as { name?: unknown }).name === value.name)), value];
  };
  config['apiVersion'] = 'v1';
  config['kind'] = 'Config';
  // Plain HTTP on loopback: client-node refuses http:// servers unless the entry skips TLS verification,
  // and there is no TLS to verify. Real clusters' kubeconfigs are never changed this way.
  upsert('clusters', { name: entry.name, cluster: { server: entry.server, 'insecure-skip-tls-verify': true } });
  // The simulator does not authenticate; a token makes clients send credentials as they would to a real server.
  upsert('users', { name: entry.name, user: { token: SIM_TOKEN } });
  upsert('contexts', { name: entry.name, context: { cluster: entry.name, user: entry.name } });
  if (typeof config['current-context'] !== 'string' || config['current-context'] === '') config['current-context'] = entry.name;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stringify(config), { mode: 0o600 });
}

/** The entries named `name` that `sim serve` did not write, each with what it points at. */
function foreignEntries(config: Record<string, unknown>, name: string): { what: string; detail: string }[] {
  const found: { what: string; detail: string }[] = [];
  const cluster = field(entries(config, 'clusters').find((e) => e.name === name), 'cluster');
  if (cluster !== undefined && !(typeof cluster['server'] === 'string' && SIM_SERVER.test(cluster['server']) && cluster['insecure-skip-tls-verify'] === true)) {
    found.push({ what: 'cluster', detail: `cluster server ${typeof cluster['server'] === 'string' ? cluster['server'] : '(none)'}` });
  }
  const user = field(entries(config, 'users').find((e) => e.name === name), 'user');
  if (user !== undefined && !(user['token'] === SIM_TOKEN && Object.keys(user).length === 1)) {
    found.push({ what: 'user', detail: `user credentials ${Object.keys(user).join(', ') || '(none)'}` });
  }
  const context = field(entries(config, 'contexts').find((e) => e.name === name), 'context');
  if (context !== undefined && !(context['cluster'] === name && context['user'] === name)) {
    found.push({ what: 'context', detail: `context for cluster ${String(context['cluster'])} and user ${String(context['user'])}` });
  }
  return found;
}

/** `a`, `a and b`, `a, b and c`. */
function phrase(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

function entries(config: Record<string, unknown>, key: Section): Named[] {
  const list = config[key];
  return Array.isArray(list) ? list.filter((e): e is Named => typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string') : [];
}

/** An entry's body (`cluster:`, `user:`, `context:`); an entry without one counts as an empty body. */
function field(entry: Named | undefined, key: string): Record<string, unknown> | undefined {
  if (entry === undefined) return undefined;
  const body = entry[key];
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function readExisting(path: string): Record<string, unknown> {
  const parsed: unknown = parse(readFileSync(path, 'utf8'));
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DextreError('CONFIG', `${path} exists and is not a kubeconfig (a YAML mapping). Pass --kubeconfig with another path.`);
  }
  return parsed as Record<string, unknown>;
}
