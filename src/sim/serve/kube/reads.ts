// GET of an object or a collection, and watches, in the representation the client negotiated: the
// object (a typed list for collections), a meta.k8s.io Table, or PartialObjectMetadata.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Output } from './http.js';
import { objectAt, stringAt, type JsonObject } from './json.js';
import { listItems, listObjects } from './list.js';
import type { ResourceDef } from './resources.js';
import { parseSelectors, pinnedName, type Selectors } from './selectors.js';
import { notFound } from './status.js';
import type { ObjectStore } from './store.js';
import { toTable } from './table.js';
import type { Watches } from './watch.js';

export class Reads {
  constructor(
    private readonly store: ObjectStore,
    private readonly watches: Watches,
    /** Virtual now (epoch seconds), for the ages a Table prints. */
    private readonly now: () => number,
  ) {}

  get(def: ResourceDef, namespace: string, name: string, query: URLSearchParams, output: Output): JsonObject {
    const object = this.store.get(def.id, namespace, name);
    if (!object) throw notFound(def.gr, name);
    switch (output.as) {
      case 'object':
        return object;
      case 'table':
        return toTable(def, [object], { resourceVersion: String(this.store.revision) }, this.now(), output.version, query.get('includeObject') ?? 'Metadata');
      case 'partial':
        return partial(object, output.version);
    }
  }

  list(def: ResourceDef, namespace: string | undefined, query: URLSearchParams, output: Output): JsonObject {
    const selectors = parseSelectors(def, query);
    const { items, metadata } = listObjects(this.store, def, namespace, selectors, query);
    switch (output.as) {
      case 'object':
        return { kind: `${def.kind}List`, apiVersion: def.apiVersion, metadata, items: listItems(items) };
      case 'table':
        return toTable(def, items, metadata, this.now(), output.version, query.get('includeObject') ?? 'Metadata');
      case 'partial':
        return { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${output.version}`, metadata, items: items.map((i) => partial(i, output.version)) };
    }
  }

  /** `name`: a watch of one object (GET …/NAME?watch=true), as a field selector on its name. */
  watch(req: IncomingMessage, res: ServerResponse, def: ResourceDef, namespace: string | undefined, name: string | undefined, query: URLSearchParams, output: Output): void {
    const selectors: Selectors = parseSelectors(def, query);
    if (name !== undefined && pinnedName(selectors) !== name) selectors.fields.push({ field: 'metadata.name', equal: true, value: name });
    const includeObject = query.get('includeObject') ?? 'Metadata';
    const encode = (object: JsonObject): JsonObject => {
      switch (output.as) {
        case 'object':
          return object;
        case 'table':
          return toTable(def, [object], { resourceVersion: stringAt(object, 'metadata', 'resourceVersion') ?? '' }, this.now(), output.version, includeObject);
        case 'partial':
          return partial(object, output.version);
      }
    };
    this.watches.start(req, res, { def, namespace, selectors, query, encode });
  }
}

function partial(object: JsonObject, version: string): JsonObject {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: objectAt(object, 'metadata') ?? {} };
}
