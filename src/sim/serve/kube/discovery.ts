// Discovery as kubectl and client libraries read it: /version, /api (APIVersions), /apis (APIGroupList),
// /apis/<group> (APIGroup) and the resource lists of each group version. Only the plain (unaggregated)
// form is served: a client asking for aggregated discovery (apidiscovery.k8s.io/v2) gets
// application/json without the `g=apidiscovery…` parameters, and falls back to these documents.
import type { JsonObject } from './json.js';
import { KUBE_VERSION } from './render-node.js';
import { GROUPS, type ResourceDef, type SubresourceDef } from './resources.js';

export function versionInfo(): JsonObject {
  return {
    major: KUBE_VERSION.major,
    minor: KUBE_VERSION.minor,
    gitVersion: KUBE_VERSION.gitVersion,
    gitCommit: '8a2bd2a1a6a1e2e0c15b4e5d6c2f1a8b0c3d9e7f',
    gitTreeState: 'clean',
    buildDate: '2024-11-11T00:00:00Z',
    goVersion: 'go1.22.8',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function apiVersions(host: string): JsonObject {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }] };
}

function group(name: string, versions: string[]): JsonObject {
  const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: list, preferredVersion: list[0] ?? {} };
}

export function apiGroupList(): JsonObject {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: GROUPS.map((g) => group(g.name, g.versions)) };
}

/** /apis/<group>, or undefined for a group not served. */
export function apiGroup(name: string): JsonObject | undefined {
  const g = GROUPS.find((x) => x.name === name);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...group(g.name, g.versions) } : undefined;
}

/** /api/v1 or /apis/<group>/<version>, or undefined for a group version not served. */
export function apiResourceList(groupName: string, version: string, resources: ResourceDef[], subresources: SubresourceDef[]): JsonObject | undefined {
  const mine = resources.filter((r) => r.group === groupName && r.version === version);
  if (mine.length === 0) return undefined;
  const list: JsonObject[] = [];
  for (const r of mine) {
    const entry: JsonObject = { name: r.name, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: [...r.verbs].sort() };
    if (r.shortNames) entry['shortNames'] = [...r.shortNames];
    if (r.categories) entry['categories'] = [...r.categories];
    list.push(entry);
    for (const sub of subresources.filter((s) => s.parent === r.name)) {
      list.push({ name: `${r.name}/${sub.name}`, singularName: '', namespaced: r.namespaced, group: sub.group, version: sub.version, kind: sub.kind, verbs: [...sub.verbs] });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupName === '' ? version : `${groupName}/${version}`, resources: list };
}
