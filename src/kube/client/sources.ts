// The node and pod informers behind KubeCluster.watch: what they list (paginated, across all
// namespaces), where they watch, and how a watch event's object becomes a model object.
import type { Node, Pod } from '../../core/model.js';
import type { WatchEvent } from '../port.js';
import { type KubeApis, listAll } from './apis.js';
import { toNode, toPod } from './convert.js';
import type { ApiRequest } from './errors.js';
import { Informer, type InformerOptions, type InformerSource } from './informer.js';
import type { KNode, KPod } from './shapes.js';
import type { Startable } from './watch-hub.js';

function isObjectWithName(raw: unknown): raw is { metadata: { name: string } } {
  if (typeof raw !== 'object' || raw === null || !('metadata' in raw)) return false;
  const meta = raw.metadata;
  return typeof meta === 'object' && meta !== null && 'name' in meta && typeof meta.name === 'string';
}

export function nodeSource(apis: KubeApis): InformerSource<Node> {
  const request: ApiRequest = { verb: 'list', resource: 'nodes' };
  return {
    path: '/api/v1/nodes',
    list: async () => {
      const { items, resourceVersion } = await apis.call(request, () => listAll((page) => apis.core.listNode(page)));
      return { items: items.map(toNode), resourceVersion };
    },
    convert: (raw) => (isObjectWithName(raw) ? toNode(raw as KNode) : undefined),
    key: (node) => node.name,
    fail: (e) => apis.fail(e, { ...request, verb: 'watch' }),
  };
}

export function podSource(apis: KubeApis): InformerSource<Pod> {
  const request: ApiRequest = { verb: 'list', resource: 'pods', namespace: '' };
  return {
    path: '/api/v1/pods',
    list: async () => {
      const { items, resourceVersion } = await apis.call(request, () => listAll((page) => apis.core.listPodForAllNamespaces(page)));
      return { items: items.map(toPod), resourceVersion };
    },
    convert: (raw) => (isObjectWithName(raw) ? toPod(raw as KPod) : undefined),
    key: (pod) => `${pod.namespace}/${pod.name}`,
    fail: (e) => apis.fail(e, { ...request, verb: 'watch' }),
  };
}

export function nodeAndPodInformers(apis: KubeApis, emit: (make: () => WatchEvent) => void, options: InformerOptions): Startable[] {
  const nodes = new Informer(nodeSource(apis), apis.watcher, (type, make) => emit(() => ({ type, kind: 'Node', node: make() })), options);
  const pods = new Informer(podSource(apis), apis.watcher, (type, make) => emit(() => ({ type, kind: 'Pod', pod: make() })), options);
  return [nodes, pods];
}
