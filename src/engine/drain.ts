// `dextre drain`: read the named nodes and what runs on them, decide (core/drain-nodes.ts), then run the
// roll machine in drain mode (core/roll/drain-mode.ts) through the same loop, interpreter and waits as a
// roll. Nothing changes before every node is found and nothing blocks; a re-run drains what is left
// (every step is idempotent), so the roll's journal is never touched: a drain keeps its state in memory.
import { instanceIdOf, ZONE_LABEL, type Node, type NodeGroup } from '../core/model.js';
import { controllerExistsIn, existingControllers } from '../core/filters.js';
import { pickNodes, planNodeDrains, planTerminations, type NodeDrainsPlan, type NodeRequest } from '../core/drain-nodes.js';
import type { DrainResult } from '../core/drain-result.js';
import { initialDrainState, type DrainTarget } from '../core/roll/drain-mode.js';
import type { RollSettings } from '../core/roll/state.js';
import type { EngineContext, EngineEvent } from './api.js';
import { drainPlanResult, drainResult } from './drain-result.js';
import { MemoryJournal } from './journal-file.js';
import { nodeEventRecorder } from './node-events.js';
import type { ReadContext } from './prepare.js';
import { runLoop } from './roll.js';

export interface DrainRequest {
  nodes: NodeRequest;
  /** The drain's settings: timeout (0: none), the filter overrides, grace period, pod selector, readiness gate. */
  settings: RollSettings;
  /** Terminate each drained node's instance through its Auto Scaling group, decrementing desired. */
  terminate: boolean;
}

/** A drain decided and ready to show or run. */
export interface PreparedDrain {
  cluster: string;
  request: DrainRequest;
  /** Epoch seconds when the cluster was read. */
  now: number;
  targets: DrainTarget[];
  /** The groups of the nodes to terminate (empty without --terminate). */
  groups: NodeGroup[];
  plan: NodeDrainsPlan;
  warnings: string[];
}

export async function prepareDrain(ctx: ReadContext, cluster: string, request: DrainRequest): Promise<PreparedDrain> {
  const nodes = pickNodes(await ctx.kube.listNodes(), request.nodes, cluster);
  const [pods, workloads, pdbs, groups] = await Promise.all([
    Promise.all(nodes.map((n) => ctx.kube.listPods({ nodeName: n.name }))).then((lists) => lists.flat()),
    ctx.kube.listWorkloads(),
    ctx.kube.listPdbs(),
    // Only --terminate asks AWS: a drain alone needs nothing but Kubernetes credentials, as kubectl's.
    request.terminate ? ctx.cloud.describeGroups({ cluster, ...(ctx.groupNames !== undefined ? { names: ctx.groupNames } : {}) }) : Promise.resolve([]),
  ]);
  const terminations = request.terminate ? planTerminations(nodes, groups, cluster) : undefined;
  const filter = { options: request.settings, controllerExists: controllerExistsIn(existingControllers(workloads)) };
  const plan = planNodeDrains({ nodes, pods, pdbs, filter, podSelector: request.settings.podSelector });
  return {
    cluster,
    request,
    now: ctx.clock.now(),
    targets: nodes.map((n) => target(n, terminations?.targets.find((t) => t.node === n.name)?.group ?? '')),
    groups: terminations?.groups ?? [],
    plan,
    warnings: [...plan.warnings, ...(terminations?.warnings ?? [])],
  };
}

function target(node: Node, group: string): DrainTarget {
  return { name: node.name, group, zone: node.labels[ZONE_LABEL] ?? '', instanceId: instanceIdOf(node.providerId) ?? '' };
}

/** Drains (and with --terminate terminates) the prepared nodes; a plan that blocks changes nothing. */
export async function executeDrain(ctx: EngineContext, prepared: PreparedDrain): Promise<DrainResult> {
  if (prepared.targets.length === 0 || prepared.plan.blockers.length > 0) {
    const simulation = ctx.simulationReport?.();
    return { ...drainPlanResult(prepared, false), ...(simulation ? { simulation } : {}) };
  }
  const state = initialDrainState({
    rollId: String(Math.floor(prepared.now)),
    cluster: prepared.cluster,
    now: ctx.clock.now(),
    nodes: prepared.targets,
    groups: prepared.groups,
    settings: prepared.request.settings,
    terminate: prepared.request.terminate,
  });
  state.warnings.push(...prepared.warnings);
  const recordEvent = nodeEventRecorder(ctx.kube, { command: 'drain' });
  const listener = (event: EngineEvent) => {
    recordEvent(event);
    ctx.listener?.(event);
  };
  const final = await runLoop({ ...ctx, journal: new MemoryJournal(), listener }, state, { type: 'RollStarted', at: ctx.clock.now() });
  const groupsAfter = final.groupOrder.length > 0 ? await ctx.cloud.describeGroups({ cluster: prepared.cluster, names: final.groupOrder }) : [];
  return drainResult(final, groupsAfter, ctx.simulationReport?.());
}

