// The KubeCluster port over a real API server, through @kubernetes/client-node. It answers as the
// simulator's in-process adapter does for the same cluster (same model, same list orders, same
// outcomes); a contract suite runs both.
import { hostname } from 'node:os';
import { type KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { DextreError } from '../../core/errors.js';
import type { Node, Pdb, Pod, Workload } from '../../core/model.js';
import { pdbsForPod } from '../../core/pdb.js';
import type { DaemonSetManifest, EvictionOutcome, KubeCluster, NodeEvent, NodePatch, WatchEvent } from '../port.js';
import { KubeApis, hasStatus, listAll } from './apis.js';
import { byName, byNamespaceName, byPdbKey, toImageSizes, toNode, toPdb, toPod } from './convert.js';
import { applyDaemonSet } from './daemonset.js';
import { apiStatus, type ApiRequest } from './errors.js';
import { evictionFailure } from './eviction.js';
import { EVENT_NAMESPACES, nodeEventBody } from './events.js';
import { type InformerOptions } from './informer.js';
import { nodeMergePatch } from './node-patch.js';
import { nodeAndPodInformers } from './sources.js';
import { WatchHub } from './watch-hub.js';
import { listWorkloads } from './workloads.js';

export interface KubeClientOptions {
  /** The fieldManager of dextre's writes (managedFields). Default `dextre`. */
  fieldManager?: string;
  /** Where node Events go: `default` (as the kubelet's) or `kube-system`. Default `default`. */
  eventNamespace?: string;
  /** Watch reconnects after a failure: doubling from initialMs to maxMs. Default 500 ms to 30 s. */
  watchBackoff?: InformerOptions['backoff'];
  /** The server ends each watch after this many seconds; it is then resumed. Default 300. */
  watchTimeoutSeconds?: number;
  /** Epoch milliseconds, for Event timestamps. Default the wall clock. */
  nowMs?: () => number;
  /** reportingInstance of Events. Default the machine's hostname. */
  hostname?: string;
}

/** How many times a write that meets 409 Conflict reads again and retries. */
const CONFLICT_ATTEMPTS = 5;

export function createKubeCluster(kc: KubeConfig, options: KubeClientOptions = {}): KubeCluster {
  return new KubeClient(kc, options);
}

export class KubeClient implements KubeCluster {
  private readonly apis: KubeApis;
  private readonly fieldManager: string;
  private readonly eventNamespace: string;
  private readonly hub: WatchHub;

  constructor(
    kc: KubeConfig,
    private readonly options: KubeClientOptions = {},
  ) {
    this.apis = new KubeApis(kc);
    this.fieldManager = options.fieldManager ?? 'dextre';
    this.eventNamespace = options.eventNamespace ?? 'default';
    if (!EVENT_NAMESPACES.includes(this.eventNamespace)) {
      throw new DextreError('CONFIG', `Node events can only be recorded in namespace default or kube-system (the API refuses others for a Node), not "${this.eventNamespace}".`);
    }
    const informerOptions: InformerOptions = {
      backoff: options.watchBackoff ?? { initialMs: 500, maxMs: 30_000 },
      timeoutSeconds: options.watchTimeoutSeconds ?? 300,
    };
    this.hub = new WatchHub((emit) => nodeAndPodInformers(this.apis, emit, informerOptions));
  }

  async listNodes(): Promise<Node[]> {
    const { items } = await this.apis.call({ verb: 'list', resource: 'nodes' }, () => listAll((page) => this.apis.core.listNode(page)));
    return items.map(toNode).sort(byName);
  }

  async listPods(filter?: { nodeName?: string; namespace?: string }): Promise<Pod[]> {
    const fieldSelector = filter?.nodeName !== undefined ? { fieldSelector: `spec.nodeName=${filter.nodeName}` } : {};
    const namespace = filter?.namespace;
    const { items } = await this.apis.call({ verb: 'list', resource: 'pods', namespace: namespace ?? '' }, () =>
      listAll((page) =>
        namespace === undefined
          ? this.apis.core.listPodForAllNamespaces({ ...page, ...fieldSelector })
          : this.apis.core.listNamespacedPod({ namespace, ...page, ...fieldSelector }),
      ),
    );
    return items.map(toPod).sort(byNamespaceName);
  }

  async getPod(namespace: string, name: string): Promise<Pod | undefined> {
    try {
      return toPod(await this.apis.core.readNamespacedPod({ namespace, name }));
    } catch (e: unknown) {
      if (hasStatus(e, 404)) return undefined;
      throw this.apis.fail(e, { verb: 'get', resource: 'pods', namespace, name });
    }
  }

  listWorkloads(): Promise<Workload[]> {
    return listWorkloads(this.apis);
  }

  async listImageSizes(): Promise<{ image: string; sizeMiB: number }[]> {
    const { items } = await this.apis.call({ verb: 'list', resource: 'nodes' }, () => listAll((page) => this.apis.core.listNode(page)));
    return toImageSizes(items);
  }

  async listPdbs(): Promise<Pdb[]> {
    const { items } = await this.apis.call({ verb: 'list', resource: 'poddisruptionbudgets', group: 'policy', namespace: '' }, () =>
      listAll((page) => this.apis.policy.listPodDisruptionBudgetForAllNamespaces(page)),
    );
    return items.map(toPdb).sort(byPdbKey);
  }

  async patchNode(name: string, patch: NodePatch): Promise<void> {
    const get: ApiRequest = { verb: 'get', resource: 'nodes', name };
    const write: ApiRequest = { verb: 'patch', resource: 'nodes', name };
    // A merge patch: client-node sends json-patch unless told otherwise, whatever the body.
    const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    for (let attempt = 1; ; attempt++) {
      const node = await this.apis.call(get, () => this.apis.core.readNode({ name }));
      const body = nodeMergePatch(node, patch);
      if (!body) return;
      try {
        await this.apis.core.patchNode({ name, body, fieldManager: this.fieldManager }, mergePatch);
        return;
      } catch (e: unknown) {
        // 409: the node changed since it was read (the resourceVersion precondition); read it again.
        if (hasStatus(e, 409) && attempt < CONFLICT_ATTEMPTS) continue;
        throw this.apis.fail(e, write);
      }
    }
  }

  async evictPod(namespace: string, name: string, uid?: string): Promise<EvictionOutcome> {
    const body = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name, namespace },
      ...(uid !== undefined ? { deleteOptions: { preconditions: { uid } } } : {}),
    };
    try {
      await this.apis.core.createNamespacedPodEviction({ name, namespace, body });
      return { result: 'evicted' };
    } catch (e: unknown) {
      const api = apiStatus(e);
      const outcome = api ? evictionFailure(api.code, api.status, uid !== undefined) : undefined;
      if (!outcome) throw this.apis.fail(e, { verb: 'create', resource: 'pods', subresource: 'eviction', namespace, name });
      if (outcome.result !== 'multiple-pdbs') return outcome;
      return { result: 'multiple-pdbs', pdbs: await this.pdbsSelecting(namespace, name), message: outcome.message };
    }
  }

  /** The names of the PDBs that select the pod (the 500 answer does not name them). */
  private async pdbsSelecting(namespace: string, name: string): Promise<string[]> {
    const pod = await this.getPod(namespace, name);
    if (!pod) return [];
    const { items } = await this.apis.call({ verb: 'list', resource: 'poddisruptionbudgets', group: 'policy', namespace }, () =>
      listAll((page) => this.apis.policy.listNamespacedPodDisruptionBudget({ namespace, ...page })),
    );
    return pdbsForPod(pod, items.map(toPdb))
      .map((p) => p.name)
      .sort();
  }

  async deletePod(namespace: string, name: string): Promise<'deleted' | 'not-found'> {
    try {
      await this.apis.core.deleteNamespacedPod({ namespace, name });
      return 'deleted';
    } catch (e: unknown) {
      if (hasStatus(e, 404)) return 'not-found';
      throw this.apis.fail(e, { verb: 'delete', resource: 'pods', namespace, name });
    }
  }

  async applyDaemonSet(manifest: DaemonSetManifest): Promise<void> {
    await applyDaemonSet(this.apis, manifest, this.fieldManager);
  }

  async deleteDaemonSet(namespace: string, name: string): Promise<'deleted' | 'not-found'> {
    try {
      await this.apis.apps.deleteNamespacedDaemonSet({ namespace, name, propagationPolicy: 'Background' });
      return 'deleted';
    } catch (e: unknown) {
      if (hasStatus(e, 404)) return 'not-found';
      throw this.apis.fail(e, { verb: 'delete', resource: 'daemonsets', group: 'apps', namespace, name });
    }
  }

  async recordNodeEvent(event: NodeEvent): Promise<void> {
    const namespace = this.eventNamespace;
    const body = nodeEventBody(event, { namespace, hostname: this.options.hostname ?? hostname(), nowMs: this.options.nowMs?.() ?? Date.now() });
    await this.apis.call({ verb: 'create', resource: 'events', namespace }, () =>
      this.apis.core.createNamespacedEvent({ namespace, body, fieldManager: this.fieldManager }),
    );
  }

  watch(handler: (event: WatchEvent) => void): Promise<() => void> {
    return this.hub.subscribe(handler);
  }
}
