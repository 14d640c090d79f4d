// Wire formats of the values the simulator keeps in dextre's units: instants (epoch seconds → RFC 3339),
// quantities (millicores and MiB → canonical Kubernetes quantities), and deterministic uids and IPs.
import { fnv32 } from '../../names.js';

/** `metav1.Time`: RFC 3339 in UTC, whole seconds (the API server drops fractions). */
export function rfc3339(epochSeconds: number): string {
  return new Date(Math.floor(epochSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Epoch seconds of an RFC 3339 instant, or undefined when it does not parse. */
export function parseTime(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

/** CPU in canonical form: whole cores as `2`, otherwise millicores as `1500m`. */
export function cpuQuantity(millicores: number): string {
  const m = Math.round(millicores);
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

const BINARY = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'] as const;
const DECIMAL = ['', 'k', 'M', 'G', 'T', 'P'] as const;

/**
 * Memory in canonical form, as the API server serialises a binary quantity: the largest binary suffix
 * that keeps the number whole (`7680Mi`, `4Gi`); a quantity that is not a whole number of KiB (`1G` read
 * as 953.67 MiB) in decimal form (`1G`), else in bytes.
 */
export function memoryQuantity(mib: number): string {
  const bytes = Math.round(mib * 2 ** 20);
  if (bytes === 0) return '0';
  if (bytes % 1024 === 0) return scaled(bytes, 1024, BINARY);
  if (bytes % 1000 === 0) return scaled(bytes, 1000, DECIMAL);
  return String(bytes);
}

function scaled(value: number, base: number, suffixes: readonly string[]): string {
  let n = value;
  let i = 0;
  while (i < suffixes.length - 1 && n % base === 0) {
    n /= base;
    i++;
  }
  return `${n}${suffixes[i] ?? ''}`;
}

/** A UUID-shaped uid derived from `seed` (the same seed, the same uid: runs are reproducible). */
export function stableUid(seed: string): string {
  const hex = [0, 1, 2, 3].map((i) => fnv32(`${i}:${seed}`).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The private IPv4 address in an EC2 private DNS name (`ip-10-0-1-4.…` → `10.0.1.4`), or one derived from the name. */
export function nodeIp(nodeName: string): string {
  const match = /^ip-(\d+)-(\d+)-(\d+)-(\d+)(\.|$)/.exec(nodeName);
  if (match) return `${match[1]}.${match[2]}.${match[3]}.${match[4]}`;
  const h = fnv32(nodeName);
  return `10.${(h >>> 16) & 0xff}.${(h >>> 8) & 0xff}.${Math.max(1, h & 0xff)}`;
}

/** A pod IP from the pod's uid, in 10.0.0.0/8 like the VPC CNI hands out. */
export function podIp(uid: string): string {
  const h = fnv32(uid);
  return `10.${(h >>> 16) & 0xff}.${(h >>> 8) & 0xff}.${Math.max(2, h & 0xff)}`;
}

/** The uid of an object the simulator keeps no uid for (a workload, a PDB): stable for its kind, namespace and name. */
export function objectUid(kind: string, namespace: string, name: string): string {
  return stableUid(`${kind}/${namespace}/${name}`);
}
