// The kubeconfig `dextre sim serve` writes: one cluster, user and context named after the served
// cluster. An existing file is merged into, as kind and minikube do: entries of other names are kept,
// and the current context changes only when the file had none.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse, stringify } from 'yaml';
import { DextreError } from '../../core/errors.js';

interface Named {
  name: string;
  [key: string]: unknown;
}

export function writeKubeconfig(path: string, entry: { name: string; server: string }): void {
  const config = existsSync(path) ? readExisting(path) : {};
  const upsert = (key: 'clusters' | 'users' | 'contexts', value: Named) => {
    const list = Array.isArray(config[key]) ? (config[key] as Named[]).filter((e) => e?.name !== value.name) : [];
    config[key] = [...list, value];
  };
  config['apiVersion'] = 'v1';
  config['kind'] = 'Config';
  // Plain HTTP on loopback: client-node refuses http:// servers unless the entry skips TLS verification,
  // and there is no TLS to verify. Real clusters' kubeconfigs are never changed this way.
  upsert('clusters', { name: entry.name, cluster: { server: entry.server, 'insecure-skip-tls-verify': true } });
  // The simulator does not authenticate; a token makes clients send credentials as they would to a real server.
  upsert('users', { name: entry.name, user: { token: 'dextre-sim' } });
  upsert('contexts', { name: entry.name, context: { cluster: entry.name, user: entry.name } });
  if (typeof config['current-context'] !== 'string' || config['current-context'] === '') config['current-context'] = entry.name;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stringify(config), { mode: 0o600 });
}

function readExisting(path: string): Record<string, unknown> {
  const parsed: unknown = parse(readFileSync(path, 'utf8'));
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DextreError('CONFIG', `${path} exists and is not a kubeconfig (a YAML mapping). Pass --kubeconfig with another path.`);
  }
  return parsed as Record<string, unknown>;
}
