// The Kubernetes API face of `dextre sim serve`: the simulator's world served as a subset of a real
// API server over HTTP, so kubectl and @kubernetes/client-node talk to it as to a cluster. Reads come
// from a store of rendered objects under one revision counter (resourceVersions, lists, watches);
// writes go through the in-process adapter (SimKube), so the world changes exactly as it would in process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimKube } from '../../adapters.js';
import type { SimContext } from '../../context.js';
import { SimFaults } from '../../faults.js';
import { WorldMirror } from './mirror.js';
import { Reads } from './reads.js';
import { servedResources, servedSubresources } from './resources.js';
import { Router, type ServedWrite } from './router.js';
import { ObjectStore } from './store.js';
import { Watches } from './watch.js';
import { Writes } from './writes.js';

export interface KubeApiOptions {
  clusterName: string;
  /** Serve nodes created through the API as kubelets (`--cloud none`). */
  acceptNodes: boolean;
  /** Changes kept for watches to resume from (default 10 000); an older resourceVersion is 410 Expired. */
  historyLimit?: number;
  /** Real milliseconds between BOOKMARK events of watches that allow them (default 60 000, as upstream). */
  bookmarkIntervalMs?: number;
  /** Hears each write after it is applied and before it is answered (tests: a client killed right after a write). */
  afterWrite?: (write: ServedWrite) => void;
}

export interface KubeApi {
  /** node:http request listener for every Kubernetes path (and /sim/v1/report). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Called by the pump after virtual time advanced (and safe to call any time): pick up changes the world made on its own (workload status, PDB status, …), bump resourceVersions, notify watches. */
  sync(): void;
  /** Ends open watch streams (server shutdown). */
  close(): void;
}

export function createKubeApi(ctx: SimContext, options: KubeApiOptions): KubeApi {
  const store = new ObjectStore(options.historyLimit ?? 10_000);
  const mirror = new WorldMirror(ctx, store);
  mirror.start();
  const watches = new Watches(store, options.bookmarkIntervalMs ?? 60_000);
  const resources = servedResources(options.acceptNodes);
  // A fresh set of faults, never armed: served calls fail only as the real API would.
  const kube = new SimKube(ctx, new SimFaults());
  const router = new Router({
    ctx,
    mirror,
    reads: new Reads(store, watches, () => ctx.queue.now),
    writes: new Writes(ctx, kube, store, mirror, resources),
    resources,
    subresources: servedSubresources(options.acceptNodes),
    afterWrite: options.afterWrite,
  });
  return {
    handle: (req, res) => {
      void router.handle(req, res);
    },
    sync: () => {
      mirror.markDirty();
      mirror.refresh();
    },
    close: () => {
      watches.closeAll();
      mirror.stop();
    },
  };
}
