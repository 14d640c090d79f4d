// The planner: from a snapshot of the cluster and what the user asked, which nodes a roll replaces, why,
// in what order, with what surge, what would block it, and what to pre-pull. Pure and deterministic:
// the same view and options give a deep-equal plan. Linear in nodes and pods (indexes built once).
import { planDrain } from './drain-plan.js';
import { byNamespaceAndName, compareText, controllerExistsIn, existingControllers, type FilterContext } from './filters.js';
import { type ClusterView, type LaunchTemplate, type Pod } from './model.js';
import { orderReasons, roundRobin, zoneInterleave } from './order.js';
import { outdatedReasons, resolveGroupTarget, type GroupTarget } from './outdated.js';
import { placePods } from './placement.js';
import type { Blocker, Finding, PlannedGroup, PlannedNode, RollOptions, RollPlan, SkippedNode, Warning } from './plan.js';
import { capacityBlocker, groupCapacity, groupFindings, pdbPreflight, unhealthyPods } from './preflight.js';
import { prepullSets } from './prepull.js';
import { selectNodes, type Candidate } from './selection.js';
import { parseIntOrPercent, resolveRollSettings } from './settings.js';

/** Throws a USAGE DextreError for an unknown group or node name, a bad selector, surge or max-unavailable. */
export function planRoll(view: ClusterView, options: RollOptions): RollPlan {
  const surge = parseIntOrPercent('--surge', options.surge);
  const maxUnavailable = parseIntOrPercent('--max-unavailable', options.maxUnavailable);
  const selection = selectNodes(view, options);
  const templates = new Map<string, LaunchTemplate>(view.launchTemplates.map((t) => [t.id, t]));
  const targets = new Map<string, GroupTarget>(selection.groups.map((g) => [g.name, resolveGroupTarget(g, templates)]));

  const skipped: SkippedNode[] = [...selection.skipped];
  const outdated: { candidate: Candidate; planned: PlannedNode }[] = [];
  for (const candidate of selection.candidates) {
    const target = targets.get(candidate.group.name) ?? { warnings: [] };
    const reasons = outdatedReasons(candidate.instance, target, {
      now: view.now,
      ...(options.maxAgeSeconds !== undefined ? { maxAgeSeconds: options.maxAgeSeconds } : {}),
      named: candidate.named,
      all: options.all,
      templates,
    });
    if (reasons.length === 0) {
      skipped.push({ name: candidate.node.name, reason: `up to date (${target.label ?? 'no launch settings to compare'})` });
      continue;
    }
    const planned: PlannedNode = {
      name: candidate.node.name,
      group: candidate.group.name,
      zone: candidate.instance.zone,
      instanceId: candidate.instance.id,
      reasons,
      podsToEvict: 0,
    };
    outdated.push({ candidate, planned });
  }

  // Pods of the nodes to replace only: the rest of the cluster never goes through the filter chain.
  const replacing = new Set(outdated.map((o) => o.planned.name));
  const podsByNode = new Map<string, Pod[]>();
  for (const pod of view.pods) {
    if (pod.nodeName === undefined || !replacing.has(pod.nodeName)) continue;
    const list = podsByNode.get(pod.nodeName);
    if (list) list.push(pod);
    else podsByNode.set(pod.nodeName, [pod]);
  }
  const ctx: FilterContext = { options, controllerExists: controllerExistsIn(existingControllers(view.workloads)) };

  // Order: per group zones take turns; groups (which roll side by side) take turns in plan.nodes.
  const groupNames = [...new Set(outdated.map((o) => o.planned.group))].sort(compareText);
  const shares = groupNames.map((name) =>
    zoneInterleave(
      outdated
        .filter((o) => o.planned.group === name)
        .map((o) => ({ name: o.planned.name, zone: o.planned.zone, launchTime: o.candidate.instance.launchTime, planned: o.planned })),
    ).map((o) => o.planned),
  );
  const nodes = roundRobin(shares);
  const pods = nodes.flatMap((n) => (podsByNode.get(n.name) ?? []).sort(byNamespaceAndName));
  const drain = planDrain(pods, ctx);
  const evictCount = new Map<string, number>();
  for (const pod of drain.evict) evictCount.set(pod.nodeName ?? '', (evictCount.get(pod.nodeName ?? '') ?? 0) + 1);
  for (const n of nodes) n.podsToEvict = evictCount.get(n.name) ?? 0;

  // Room for the pods whose controller recreates them: they must start again on a node that stays or a replacement.
  const groupOfNode = new Map(nodes.map((n) => [n.name, n.group]));
  const moving = drain.evict.filter((p) => p.deletionTimestamp === undefined && ctx.controllerExists(p));
  const placement = placePods(view.nodes, view.pods, groupOfNode, moving);

  const warnings: Warning[] = selection.groups.flatMap((g) =>
    (targets.get(g.name)?.warnings ?? []).map((message): Warning => ({
      kind: 'launch-settings',
      message,
      remedy: "check the group's launch template (id and version) or launch configuration in Auto Scaling",
      group: g.name,
    })),
  );
  const groups: PlannedGroup[] = [];
  const requested = { cpu: 0, memory: 0 };
  const room = { ...placement.stayingRoom };
  for (const [i, name] of groupNames.entries()) {
    const group = selection.groups.find((g) => g.name === name);
    const share = shares[i] ?? [];
    if (!group) continue;
    const settings = resolveRollSettings(surge, maxUnavailable, share.length);
    const label = targets.get(name)?.label;
    const none = { podsToMove: 0, requests: { cpu: 0, memory: 0 }, largestNode: { cpu: 0, memory: 0 }, replacementRoom: { cpu: 0, memory: 0 } };
    const capacity = groupCapacity(group, settings.surge, placement.groups.get(name) ?? none, placement.stayingRoom);
    requested.cpu += capacity.requests.cpu;
    requested.memory += capacity.requests.memory;
    room.cpu += capacity.replacementRoom.cpu;
    room.memory += capacity.replacementRoom.memory;
    const reasons = orderReasons(name, share, settings);
    share.forEach((n, k) => {
      const order = reasons[k];
      if (order) n.order = order;
    });
    groups.push({
      name,
      zones: [...group.zones],
      size: { min: group.min, max: group.max, desired: group.desired },
      suspendedProcesses: [...group.suspendedProcesses],
      ...settings,
      ...(label !== undefined ? { target: label } : {}),
      nodes: share.map((n) => n.name),
      capacity,
    });
    warnings.push(...groupFindings(group, settings, capacity));
  }

  // Pods the Eviction API will see: those to evict (less the ones already leaving) and the blocked ones,
  // so a PDB problem shows up now, not after the user passed --force and ran again.
  const evictable = [...drain.evict.filter((p) => p.deletionTimestamp === undefined), ...drain.blocked];
  const pdbFindings = pdbPreflight(evictable, view.pdbs, unhealthyPods(view.pods));
  warnings.push(...drain.warnings.map((message): Warning => ({ kind: 'override', message })), ...pdbFindings.warnings);
  const short = capacityBlocker(requested, room);
  const blockers: Blocker[] = [...drain.blockers, ...pdbFindings.blockers, ...placement.blockers, ...(short ? [short] : [])];
  const findings: Finding[] = [
    ...blockers.map((b): Finding => ({ severity: 'blocker', ...b })),
    ...warnings.map((w): Finding => ({ severity: 'warning', ...w })),
  ];

  return {
    cluster: view.name,
    groups,
    nodes,
    skipped: skipped.sort((a, b) => compareText(a.name, b.name)),
    blockers,
    warnings: warnings.map((w) => w.message),
    findings,
    prepull: prepullSets(drain.evict, new Map(nodes.map((n) => [n.name, n.group]))),
  };
}
