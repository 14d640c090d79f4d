// Auto Scaling groups: the API dextre calls (validated like AWS, with its ValidationError messages) and
// the group's own behaviour — launch into the least-populated zone with capacity, scale in by the
// default termination policy, retry a launch that found no capacity once capacity frees.
import { DextreError } from '../../core/errors.js';
import type { GroupSize } from '../../cloud/port.js';
import type { LaunchTemplate, NodeGroup } from '../../core/model.js';
import type { SimContext } from '../context.js';
import { SCALING_PROCESSES } from '../fixture/types.js';
import type { SimGroup, SimInstance } from '../state.js';
import { groupView } from '../views.js';
import { Instances } from './instances.js';

const CLUSTER_TAGS = ['eks:cluster-name', 'KubernetesCluster'];

export class AutoScaling {
  readonly instances: Instances;

  constructor(private readonly ctx: SimContext) {
    this.instances = new Instances(ctx);
  }

  describe(filter: { cluster: string; names?: string[] }): NodeGroup[] {
    const named = filter.names !== undefined && filter.names.length > 0 ? new Set(filter.names) : undefined;
    return [...this.ctx.world.groups.values()]
      .filter((g) => (named ? named.has(g.name) : ownedBy(g, filter.cluster)))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((g) => groupView(this.ctx, g));
  }

  describeLaunchTemplates(ids: string[]): LaunchTemplate[] {
    return ids.map((id) => {
      const lt = this.ctx.world.launchTemplates.get(id);
      if (!lt) throw new DextreError('NOT_FOUND', `InvalidLaunchTemplateId.NotFound: The specified launch template, with template ID ${id}, does not exist.`);
      return structuredClone(lt);
    });
  }

  setGroupSize(name: string, size: GroupSize): void {
    const g = this.group(name);
    for (const [key, value] of Object.entries(size)) {
      if (!Number.isInteger(value) || value < 0) throw validation(`Value ${value} for parameter ${key} is invalid: it must be a whole number ≥ 0.`);
    }
    if (size.max < size.min) throw validation(`Max bound, ${size.max}, must be greater than or equal to min bound, ${size.min}`);
    if (size.desired < size.min || size.desired > size.max) {
      throw validation(`Desired capacity:${size.desired} must be between the specified min size:${size.min} and max size:${size.max}`);
    }
    g.min = size.min;
    g.max = size.max;
    g.desired = size.desired;
    this.reconcile(g);
    this.ctx.azRebalance.check(g.name);
  }

  /** SuspendProcesses: set semantics; an empty list suspends every process, as AWS does. */
  suspend(name: string, processes: string[]): void {
    const g = this.group(name);
    for (const p of checkProcesses(processes)) g.suspended.add(p);
    this.ctx.azRebalance.check(g.name);
  }

  /** ResumeProcesses: an empty list resumes every process. */
  resume(name: string, processes: string[]): void {
    const g = this.group(name);
    for (const p of checkProcesses(processes)) g.suspended.delete(p);
    this.reconcile(g);
    this.ctx.azRebalance.check(g.name);
  }

  /** TerminateInstanceInAutoScalingGroup with ShouldDecrementDesiredCapacity=true. */
  terminateInstance(id: string): 'terminating' | 'already-gone' {
    const instance = this.ctx.world.instances.get(id);
    if (!instance || instance.lifecycle === 'Terminating' || instance.lifecycle === 'Terminated') return 'already-gone';
    const g = this.group(instance.group);
    if (g.desired - 1 < g.min) {
      throw validation(
        `Currently, desiredSize equals minSize (${g.min}). Terminating instance without replacement will violate group's min size constraint. ` +
          `Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.`,
      );
    }
    g.desired--;
    this.instances.beginTermination(instance, 'api');
    return 'terminating';
  }

  /** Pending and InService instances of the group, in launch order. */
  running(g: SimGroup): SimInstance[] {
    const out: SimInstance[] = [];
    for (const id of g.instances) {
      const i = this.ctx.world.instances.get(id);
      if (i && (i.lifecycle === 'Pending' || i.lifecycle === 'InService')) out.push(i);
    }
    return out;
  }

  /** Brings the group's running instances to desired: launch (Launch not suspended) or scale in (Terminate not suspended). */
  reconcile(g: SimGroup): void {
    const running = this.running(g);
    let gap = g.desired + g.rebalanceExtra - running.length;
    if (gap > 0 && !g.suspended.has('Launch')) {
      for (; gap > 0; gap--) {
        const zone = this.launchZone(g);
        if (zone === undefined) {
          this.ctx.world.log(
            'cloud',
            'ScalingActivityFailed',
            g.name,
            `Launching a new EC2 instance. Status Reason: We currently do not have sufficient capacity in the Availability Zones you requested (${g.zones.join(', ')}). Launching EC2 instance failed.`,
          );
          return; // retried when an instance is gone and capacity frees
        }
        this.instances.create(g, zone);
      }
    }
    if (gap < 0 && !g.suspended.has('Terminate')) {
      for (; gap < 0; gap++) {
        const victim = this.scaleInVictim(this.running(g));
        if (!victim) return;
        this.instances.beginTermination(victim, 'scale-in');
      }
    }
  }

  /** An instance is gone: groups that could not launch try again. */
  capacityFreed(): void {
    for (const g of this.ctx.world.groups.values()) {
      if (g.desired + g.rebalanceExtra > this.running(g).length) this.reconcile(g);
    }
  }

  /** The group's zone with the fewest running instances that has spare capacity (ties by zone order). */
  launchZone(g: SimGroup, among: readonly string[] = g.zones): string | undefined {
    const counts = this.zoneCounts(g);
    let best: string | undefined;
    for (const zone of among) {
      if (!this.hasCapacity(zone)) continue;
      if (best === undefined || (counts.get(zone) ?? 0) < (counts.get(best) ?? 0)) best = zone;
    }
    return best;
  }

  zoneCounts(g: SimGroup): Map<string, number> {
    const counts = new Map(g.zones.map((z) => [z, 0]));
    for (const i of this.running(g)) counts.set(i.zone, (counts.get(i.zone) ?? 0) + 1);
    return counts;
  }

  /**
   * The default termination policy: the zones with the most instances; among them (a tie goes to the
   * zone whose instances use the oldest launch configuration or template) the instance with the oldest
   * configuration or template version, then the oldest instance (AWS would pick at random), then by id.
   */
  scaleInVictim(candidates: SimInstance[]): SimInstance | undefined {
    const first = candidates[0];
    if (!first) return undefined;
    const counts = this.zoneCounts(this.group(first.group));
    const most = Math.max(...candidates.map((i) => counts.get(i.zone) ?? 0));
    const age = (i: SimInstance) => (i.launchConfiguration !== undefined ? 0 : (i.launchTemplate?.version ?? 0));
    return candidates
      .filter((i) => (counts.get(i.zone) ?? 0) === most)
      .sort((a, b) => age(a) - age(b) || a.launchTime - b.launchTime || (a.id < b.id ? -1 : 1))[0];
  }

  private hasCapacity(zone: string): boolean {
    const capacity = this.ctx.world.zoneCapacity.get(zone);
    if (capacity === undefined) return true;
    let used = 0;
    for (const i of this.ctx.world.instances.values()) if (i.zone === zone && i.lifecycle !== 'Terminated') used++;
    return used < capacity;
  }

  private group(name: string): SimGroup {
    const g = this.ctx.world.groups.get(name);
    if (!g) throw new DextreError('NOT_FOUND', `ValidationError: AutoScalingGroup name not found - ${name}`);
    return g;
  }
}

function ownedBy(g: SimGroup, cluster: string): boolean {
  return g.tags[`kubernetes.io/cluster/${cluster}`] !== undefined || CLUSTER_TAGS.some((t) => g.tags[t] === cluster);
}

function checkProcesses(processes: string[]): string[] {
  if (processes.length === 0) return [...SCALING_PROCESSES];
  for (const p of processes) {
    if (!(SCALING_PROCESSES as readonly string[]).includes(p)) {
      throw validation(`Process name ${p} is not a valid process. Valid processes: ${SCALING_PROCESSES.join(', ')}.`);
    }
  }
  return processes;
}

/** AWS's ValidationError: the request is wrong; retrying it will not help. */
function validation(message: string): DextreError {
  return new DextreError('USAGE', `ValidationError: ${message}`);
}
