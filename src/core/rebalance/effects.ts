// The rebalance speaks the roll's vocabulary where it has the words — PatchNode (cordon, uncordon),
// EvictPod, AwaitPodGone, AwaitWorkloadReady, StartTimer and their answers — so one engine interprets
// both machines. It adds one effect, listing a namespace's pods, to see where a replacement landed.
import type { Pod } from '../model.js';
import type { Effect, RollEvent } from '../roll/effects.js';

type Shared = 'PatchNode' | 'EvictPod' | 'AwaitPodGone' | 'AwaitWorkloadReady' | 'StartTimer';

export type RebalanceEffect =
  | Extract<Effect, { type: Shared }>
  /** Answered by NamespacePodsListed with every pod of the namespace (the workload's are picked by the core). */
  | { type: 'ListNamespacePods'; key: string; namespace: string };

interface Stamp {
  /** Epoch seconds, from the engine's clock. */
  at: number;
}

export type RebalanceEvent =
  | Extract<
      RollEvent,
      { type: 'AbortRequested' | 'NodePatched' | 'PodEvicted' | 'PodNotFound' | 'EvictionRefused' | 'PodGone' | 'WorkloadReady' | 'TimerFired' | 'EffectFailed' }
    >
  | (Stamp & { type: 'RebalanceStarted' })
  | (Stamp & { type: 'NamespacePodsListed'; key: string; namespace: string; pods: Pod[] });

/** Every event type the rebalance machine takes (the engine hands it no other). */
export const REBALANCE_EVENT_TYPES: Readonly<Record<RebalanceEvent['type'], true>> = {
  AbortRequested: true,
  NodePatched: true,
  PodEvicted: true,
  PodNotFound: true,
  EvictionRefused: true,
  PodGone: true,
  WorkloadReady: true,
  TimerFired: true,
  EffectFailed: true,
  RebalanceStarted: true,
  NamespacePodsListed: true,
};
