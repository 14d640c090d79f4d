// The Kubernetes port: what dextre needs of a cluster, in its own words. Adapters: the simulator
// (src/sim) and, later, @kubernetes/client-node. Adapters translate failures into DextreErrors.
import type { Node, Pdb, Pod, Taint, Workload } from '../core/model.js';

/** How the API server answered an eviction (policy/v1 Eviction). */
export type EvictionOutcome =
  /** 201 (or 200 for a pod already terminating): the pod is being deleted. */
  | { result: 'evicted' }
  /** 429: a PodDisruptionBudget allows no disruption now; retry later. */
  | { result: 'refused-by-pdb'; pdbs: string[]; message: string }
  /** 500: more than one PodDisruptionBudget selects the pod; the API cannot evict it. */
  | { result: 'multiple-pdbs'; pdbs: string[]; message: string }
  /** 404: the pod no longer exists. */
  | { result: 'not-found' };

/** A change to a node: labels and annotations set to null are removed; taints are added or removed by key+effect. */
export interface NodePatch {
  unschedulable?: boolean;
  labels?: Record<string, string | null>;
  annotations?: Record<string, string | null>;
  addTaints?: Taint[];
  removeTaints?: Pick<Taint, 'key' | 'effect'>[];
}

export interface DaemonSetManifest {
  apiVersion: 'apps/v1';
  kind: 'DaemonSet';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        nodeSelector: Record<string, string>;
        tolerations: { operator: 'Exists' }[];
        imagePullSecrets: { name: string }[];
        terminationGracePeriodSeconds: number;
        volumes: { name: string; emptyDir: Record<string, never> }[];
        initContainers: PrepullContainer[];
        containers: PrepullContainer[];
      };
    };
  };
}

export interface PrepullContainer {
  name: string;
  image: string;
  command?: string[];
  imagePullPolicy: 'IfNotPresent';
  resources: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
  volumeMounts?: { name: string; mountPath: string }[];
}

/** An action dextre took on a node, for `kubectl describe node` and `kubectl get events`. */
export interface NodeEvent {
  node: string;
  /** UpperCamelCase, as Kubernetes reasons are (`DextreCordon`, `DextreEvict`). */
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
}

export type WatchEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; kind: 'Node'; node: Node }
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; kind: 'Pod'; pod: Pod };

export interface KubeCluster {
  listNodes(): Promise<Node[]>;
  /** All pods, or those bound to one node, or those of one namespace. */
  listPods(filter?: { nodeName?: string; namespace?: string }): Promise<Pod[]>;
  getPod(namespace: string, name: string): Promise<Pod | undefined>;
  listWorkloads(): Promise<Workload[]>;
  listPdbs(): Promise<Pdb[]>;
  /**
   * The images the nodes have on disk and their sizes (MiB), from the nodes' `status.images` as kubelets
   * report them; an image reported by several nodes has the largest size reported. Sorted by name.
   */
  listImageSizes(): Promise<{ image: string; sizeMiB: number }[]>;
  /** Compares before it patches: a patch that changes nothing sends nothing. Throws NotFound for a missing node. */
  patchNode(name: string, patch: NodePatch): Promise<void>;
  /**
   * Eviction API (policy/v1). Idempotent: a pod already terminating answers `evicted`. With `uid`, the
   * eviction carries a UID precondition: a pod of that name with another uid (a StatefulSet's
   * re-created pod) is left alone and the answer is `not-found`.
   */
  evictPod(namespace: string, name: string, uid?: string): Promise<EvictionOutcome>;
  /** Deletes without the PDB check; only behind an explicit flag. */
  deletePod(namespace: string, name: string): Promise<'deleted' | 'not-found'>;
  /** Create or replace. */
  applyDaemonSet(manifest: DaemonSetManifest): Promise<void>;
  deleteDaemonSet(namespace: string, name: string): Promise<'deleted' | 'not-found'>;
  /**
   * Records a Kubernetes Event on a node (core/v1, involvedObject the Node, source `dextre`), so
   * `kubectl describe node` shows what dextre did. Best effort: callers ignore its failures.
   */
  recordNodeEvent(event: NodeEvent): Promise<void>;
  /**
   * Subscribe to node and pod changes (an informer). Resolves once the subscription is live: every
   * change after that reaches the handler, so a read made after it cannot miss a change. The handler
   * must not throw. Resolves to the unsubscribe function.
   */
  watch(handler: (event: WatchEvent) => void): Promise<() => void>;
}
