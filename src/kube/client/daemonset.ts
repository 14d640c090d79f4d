// Applying dextre's pre-pull DaemonSet: read it; absent → create; present → compare, and replace (PUT
// with the resourceVersion read) only when the manifest's labels or spec differ from what is there.
// The server fills in defaults (restartPolicy, dnsPolicy, terminationMessagePath, updateStrategy …) and
// writes quantities canonically, so "the same" means: every field the manifest sets has that value in
// the live object (quantities compared by value), lists have the same length, and empty lists and maps
// in the manifest match absent ones (the API omits them).
import type { V1DaemonSet } from '@kubernetes/client-node';
import type { DaemonSetManifest } from '../port.js';
import { type KubeApis, hasStatus } from './apis.js';
import type { ApiRequest } from './errors.js';
import { memoryMiB } from '../quantity.js';

const ATTEMPTS = 4;

export type ApplyResult = 'created' | 'replaced' | 'unchanged';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `live` has every value `desired` sets (see the file comment). */
export function covers(desired: unknown, live: unknown, inResources = false): boolean {
  if (desired === undefined) return true;
  if (Array.isArray(desired)) {
    if (live === undefined || live === null) return desired.length === 0;
    return Array.isArray(live) && live.length === desired.length && desired.every((d, i) => covers(d, live[i], inResources));
  }
  if (isObject(desired)) {
    if (live === undefined || live === null) return Object.keys(desired).length === 0;
    if (!isObject(live)) return false;
    return Object.entries(desired).every(([key, value]) => covers(value, live[key], inResources || key === 'resources'));
  }
  if (desired === live) return true;
  if (inResources && (typeof desired === 'string' || typeof desired === 'number') && (typeof live === 'string' || typeof live === 'number')) {
    const a = memoryMiB(desired);
    return a !== undefined && a === memoryMiB(live);
  }
  return false;
}

export function upToDate(manifest: DaemonSetManifest, live: V1DaemonSet): boolean {
  return covers(manifest.metadata.labels, live.metadata?.labels) && covers(manifest.spec, live.spec);
}

export async function applyDaemonSet(apis: KubeApis, manifest: DaemonSetManifest, fieldManager: string): Promise<ApplyResult> {
  const { namespace, name } = manifest.metadata;
  const request = (verb: ApiRequest['verb']): ApiRequest => ({ verb, resource: 'daemonsets', group: 'apps', namespace, name });
  for (let attempt = 1; ; attempt++) {
    let live: V1DaemonSet | undefined;
    try {
      live = await apis.apps.readNamespacedDaemonSet({ name, namespace });
    } catch (e: unknown) {
      if (!hasStatus(e, 404)) throw apis.fail(e, request('get'));
    }
    if (live && upToDate(manifest, live)) return 'unchanged';
    try {
      if (!live) {
        await apis.apps.createNamespacedDaemonSet({ namespace, body: structuredClone(manifest), fieldManager });
        return 'created';
      }
      const body = structuredClone(manifest) as V1DaemonSet;
      body.metadata = { ...body.metadata, resourceVersion: live.metadata?.resourceVersion ?? '' };
      await apis.apps.replaceNamespacedDaemonSet({ name, namespace, body, fieldManager });
      return 'replaced';
    } catch (e: unknown) {
      // 409: created or changed by someone else since the read (AlreadyExists, or a stale resourceVersion).
      if (hasStatus(e, 409) && attempt < ATTEMPTS) continue;
      throw apis.fail(e, request(live ? 'update' : 'create'));
    }
  }
}
