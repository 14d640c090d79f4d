// Deterministic names and ids: counters mixed into the shapes AWS and Kubernetes use, so two runs of
// one fixture name everything the same and ids still look like the real thing.

// Kubernetes' rand.SafeEncodeString alphabet (no vowels, no confusable characters).
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

function mix32(n: number): number {
  let x = (n + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** FNV-1a over a string. */
export function fnv32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0').slice(-width);
}

function safe(seed: number, length: number): string {
  let out = '';
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = mix32(x + i);
    out += SAFE[x % SAFE.length];
  }
  return out;
}

/** `i-` and 17 hex digits, like an EC2 instance id. */
export function instanceId(counter: number): string {
  return `i-0${hex(mix32(counter), 8)}${hex(mix32(counter + 0x5bd1e995), 8)}`;
}

/** `ip-10-<zone>-<hi>-<lo>.<region>.compute.internal`, the EC2 private DNS name kubelets register. */
export function nodeName(zoneIndex: number, counter: number, region: string): string {
  return `ip-10-${zoneIndex}-${Math.floor(counter / 250) % 256}-${(counter % 250) + 4}.${region}.compute.internal`;
}

/** A UUID-shaped pod uid from a counter. */
export function podUid(counter: number): string {
  return `${hex(mix32(counter), 8)}-${hex(counter >>> 16, 4)}-4${hex(counter & 0xfff, 3)}-8000-${hex(counter, 12)}`;
}

/** The 10-character pod-template-hash of a Deployment's ReplicaSet. */
export function templateHash(seed: string): string {
  return safe(fnv32(seed), 10);
}

/** The 5-character random suffix of a generated pod name. */
export function podSuffix(counter: number): string {
  return safe(counter * 7919, 5);
}
