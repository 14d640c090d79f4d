// dextre.yaml: how `--cluster NAME` reaches a real cluster (kubeconfig, context, AWS region and profile,
// the name in the Auto Scaling groups' tags, explicit group names) and the roll settings a team wants by
// default. Found at `--config FILE`, else `./dextre.yaml`, else the user's config directory. Every
// complaint names the file, the line, the key and the fix; nothing reads a cluster before it passes.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DextreError, isDextreError } from '../core/errors.js';
import { parseIntOrPercent } from '../core/settings.js';
import { parseDuration } from './duration.js';
import { Source, type Val } from './yaml.js';

/** Roll settings a config entry may default; flags still win. Safety overrides (force, …) are flags only. */
export interface RollDefaults {
  surge?: string;
  maxUnavailable?: string;
  drainTimeout?: string;
  maxAge?: string;
  prepull?: boolean;
}

export interface ClusterEntry {
  /** The entry's key: what `--cluster` names. */
  name: string;
  /** Absolute path (`~` expanded, relative paths from the config file's folder). */
  kubeconfig?: string;
  context?: string;
  region?: string;
  profile?: string;
  /** The cluster's name in the Auto Scaling groups' tags (`kubernetes.io/cluster/<name>`, `eks:cluster-name`). */
  awsClusterName?: string;
  /** Roll exactly these Auto Scaling groups instead of discovering them by tag. */
  groups?: string[];
  roll: RollDefaults;
}

export interface DextreConfig {
  file: string;
  clusters: Map<string, ClusterEntry>;
}

const ENTRY_KEYS = ['kubeconfig', 'context', 'region', 'profile', 'awsClusterName', 'groups', 'roll'] as const;
const ROLL_KEYS = ['surge', 'maxUnavailable', 'drainTimeout', 'maxAge', 'prepull'] as const;

/** Where the user's config lives: `$XDG_CONFIG_HOME/dextre/config.yaml`, else `~/.config/dextre/config.yaml`. */
export function userConfigPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const base = env['XDG_CONFIG_HOME'] !== undefined && env['XDG_CONFIG_HOME'] !== '' ? env['XDG_CONFIG_HOME'] : join(home, '.config');
  return join(base, 'dextre', 'config.yaml');
}

/**
 * The config file to read: the one named (which must exist), else `./dextre.yaml`, else the user's;
 * undefined when there is none (then `--cluster NAME` is the kube context and the name in the tags).
 */
export function findConfigFile(options: { explicit?: string | undefined; cwd: string; env?: NodeJS.ProcessEnv; home?: string }): string | undefined {
  if (options.explicit !== undefined) {
    const path = resolve(options.cwd, expandHome(options.explicit, options.home));
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new DextreError('CONFIG', `The config file ${path} given with --config does not exist or is not a file. Check the path, or leave --config out to use ./dextre.yaml or ${userConfigPath(options.env, options.home)}.`);
    }
    return path;
  }
  const candidates = [join(options.cwd, 'dextre.yaml'), userConfigPath(options.env, options.home)];
  return candidates.find((p) => existsSync(p) && statSync(p).isFile());
}

export function loadConfig(path: string, home?: string): DextreConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e: unknown) {
    throw new DextreError('CONFIG', `Cannot read the config file ${path}: ${e instanceof Error ? e.message : String(e)}. Check its permissions, or pass another with --config.`);
  }
  return parseConfig(text, path, home);
}

export function parseConfig(text: string, file: string, home?: string): DextreConfig {
  const src = new Source(file, 'CONFIG');
  const top = src.parse(text);
  const clusters = new Map<string, ClusterEntry>();
  if (top.isNull()) return { file, clusters };
  const root = top.object(['clusters']);
  const list = root.opt('clusters');
  for (const { key, value } of list?.entries() ?? []) {
    clusters.set(key, parseEntry(key, value, dirname(file), home));
  }
  return { file, clusters };
}

function parseEntry(name: string, val: Val, folder: string, home: string | undefined): ClusterEntry {
  const entry: ClusterEntry = { name, roll: {} };
  if (val.isNull()) return entry;
  const obj = val.object(ENTRY_KEYS);
  const kubeconfig = obj.opt('kubeconfig')?.string();
  if (kubeconfig !== undefined) entry.kubeconfig = resolvePath(kubeconfig, folder, home);
  for (const key of ['context', 'region', 'profile', 'awsClusterName'] as const) {
    const v = obj.opt(key)?.string();
    if (v !== undefined) entry[key] = v;
  }
  const groups = obj.opt('groups');
  if (groups) {
    entry.groups = groups.strings();
    if (entry.groups.length === 0) groups.fail('expected at least one Auto Scaling group name; remove the key to discover the groups by tag');
  }
  const roll = obj.opt('roll');
  if (roll) entry.roll = parseRoll(roll);
  return entry;
}

function parseRoll(val: Val): RollDefaults {
  const obj = val.object(ROLL_KEYS);
  const out: RollDefaults = {};
  for (const key of ['surge', 'maxUnavailable'] as const) {
    const v = obj.opt(key);
    if (v) out[key] = checked(v, (text) => parseIntOrPercent('the value', text));
  }
  for (const key of ['drainTimeout', 'maxAge'] as const) {
    const v = obj.opt(key);
    if (v) out[key] = checked(v, (text) => parseDuration('the value', text));
  }
  const prepull = obj.opt('prepull');
  if (prepull) out.prepull = prepull.boolean();
  return out;
}

/** A setting checked by the same parser as its flag; its complaint is re-told at the value's position. */
function checked(val: Val, parse: (text: string) => unknown): string {
  const text = String(val.stringOrNumber());
  try {
    parse(text);
  } catch (e: unknown) {
    if (isDextreError(e)) val.fail(e.message);
    throw e;
  }
  return text;
}

function resolvePath(path: string, folder: string, home: string | undefined): string {
  const expanded = expandHome(path, home);
  return isAbsolute(expanded) ? expanded : resolve(folder, expanded);
}

function expandHome(path: string, home: string = homedir()): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}
