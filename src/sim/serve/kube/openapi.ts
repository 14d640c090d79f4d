// A minimal OpenAPI v3 (/openapi/v3 and one document per group version): only what kubectl reads to
// learn that the server validates fields itself (a `fieldValidation` query parameter on each resource's
// PATCH, tagged with its group-version-kind), so `kubectl apply` and `kubectl create -f` need no
// client-side schema. No schemas are published: `kubectl explain` has nothing to show.
import { fnv32 } from '../../names.js';
import type { JsonObject } from './json.js';
import type { ResourceDef } from './resources.js';

function groupVersions(resources: ResourceDef[]): string[] {
  return [...new Set(resources.map((r) => (r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`)))];
}

export function openApiRoot(resources: ResourceDef[]): JsonObject {
  const paths: JsonObject = {};
  for (const gv of groupVersions(resources)) {
    const doc = JSON.stringify(openApiDocument(resources, gv));
    paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${fnv32(doc ?? '').toString(16).toUpperCase()}` };
  }
  return { paths };
}

/** The document of one group version (`api/v1`, `apis/apps/v1`), or undefined. */
export function openApiDocument(resources: ResourceDef[], gv: string): JsonObject | undefined {
  const mine = resources.filter((r) => (r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`) === gv);
  if (mine.length === 0) return undefined;
  const paths: JsonObject = {};
  for (const r of mine) {
    const base = `/${gv}/${r.namespaced ? 'namespaces/{namespace}/' : ''}${r.name}/{name}`;
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const operation = (verb: string): JsonObject => ({
      description: `${verb} the specified ${r.kind}`,
      operationId: `${verb}${r.kind}`,
      'x-kubernetes-action': verb,
      'x-kubernetes-group-version-kind': gvk,
      parameters: [{ name: 'fieldValidation', in: 'query', description: 'Ignore, Warn or Strict', schema: { type: 'string', uniqueItems: true } }],
      responses: { '200': { description: 'OK' } },
    });
    const item: JsonObject = { get: { operationId: `read${r.kind}`, 'x-kubernetes-action': 'get', 'x-kubernetes-group-version-kind': gvk, responses: { '200': { description: 'OK' } } } };
    if (r.verbs.includes('patch')) item['patch'] = operation('patch');
    if (r.verbs.includes('update')) item['put'] = operation('put');
    paths[base] = item;
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.31.2' }, paths, components: { schemas: {} } };
}
