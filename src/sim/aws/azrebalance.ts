// AZRebalance, the Auto Scaling process that fights a roll: when a group's zones differ by more than
// one instance for `azRebalanceSeconds`, AWS launches an instance in the smallest zone (going above
// desired for a while) and, once it is InService, terminates one in the largest zone — whatever runs
// there. dextre suspends it. Armed by the changes that can unbalance a group; idle otherwise.
import type { SimContext } from '../context.js';
import type { Scheduled } from '../queue.js';
import type { SimGroup, SimInstance } from '../state.js';

export class AzRebalance {
  private readonly timers = new Map<string, Scheduled>();
  /** Group → the instance launched to rebalance it, until it is InService. */
  private readonly inFlight = new Map<string, string>();

  constructor(private readonly ctx: SimContext) {}

  /** Arms (or disarms) the group's rebalance after a change. */
  check(group: string): void {
    const g = this.ctx.world.groups.get(group);
    if (!g || this.inFlight.has(group)) return;
    if (!this.active(g) || !this.imbalanced(g)) {
      this.ctx.queue.cancel(this.timers.get(group));
      this.timers.delete(group);
      return;
    }
    if (this.timers.has(group)) return;
    this.timers.set(
      group,
      this.ctx.queue.after(this.ctx.world.fixture.azRebalanceSeconds, `AZRebalance ${group}`, () => {
        this.timers.delete(group);
        this.launch(g);
      }),
    );
  }

  instanceInService(instance: SimInstance): void {
    if (this.inFlight.get(instance.group) !== instance.id) return;
    this.finish(instance);
    const g = this.ctx.world.groups.get(instance.group);
    if (!g) return;
    if (!g.suspended.has('Terminate')) {
      const counts = this.ctx.asg.zoneCounts(g);
      const most = Math.max(...counts.values());
      const victim = this.ctx.asg.scaleInVictim(
        this.ctx.asg.running(g).filter((i) => i.id !== instance.id && (counts.get(i.zone) ?? 0) === most),
      );
      if (victim) this.ctx.asg.instances.beginTermination(victim, 'AZRebalance');
    }
    this.check(g.name);
  }

  instanceGone(instance: SimInstance): void {
    if (this.inFlight.get(instance.group) === instance.id) this.finish(instance);
    this.check(instance.group);
  }

  private finish(instance: SimInstance): void {
    this.inFlight.delete(instance.group);
    instance.rebalance = false;
    const g = this.ctx.world.groups.get(instance.group);
    if (g) g.rebalanceExtra = Math.max(0, g.rebalanceExtra - 1);
  }

  private launch(g: SimGroup): void {
    if (!this.active(g) || !this.imbalanced(g)) return;
    const counts = this.ctx.asg.zoneCounts(g);
    const least = Math.min(...counts.values());
    const zone = this.ctx.asg.launchZone(g, g.zones.filter((z) => counts.get(z) === least));
    if (zone === undefined) return; // no capacity there: re-armed when an instance is gone
    g.rebalanceExtra++;
    const instance = this.ctx.asg.instances.create(g, zone, { rebalance: true });
    this.inFlight.set(g.name, instance.id);
  }

  private active(g: SimGroup): boolean {
    return !g.suspended.has('AZRebalance') && !g.suspended.has('Launch');
  }

  private imbalanced(g: SimGroup): boolean {
    const counts = [...this.ctx.asg.zoneCounts(g).values()];
    return counts.length > 1 && Math.max(...counts) - Math.min(...counts) > 1;
  }
}
