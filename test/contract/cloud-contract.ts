// The NodeGroupCloud contract: what every cloud adapter must do, run against each world. Expectations
// follow the Auto Scaling API: absolute sizes, launches into the group's zones, suspended processes
// that stay suspended, terminations that decrement desired, and re-issued calls that change nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { World, WorldFactory } from './worlds.js';

export function cloudContract(name: string, open: WorldFactory): void {
  describe(`NodeGroupCloud contract: ${name}`, () => {
    let world: World | undefined;
    const use = async (fixtureName: string) => (world = await open(fixtureName));
    afterEach(async () => {
      await world?.close();
      world = undefined;
    });

    it('finds the cluster\'s groups by tag, or by name, with their instances and launch templates', async () => {
      const { cloud, clusterName, ctx } = await use('demo');
      const groups = await cloud.describeGroups({ cluster: clusterName });
      expect(groups.map((g) => g.name)).toEqual([...ctx.world.groups.keys()].sort());
      for (const g of groups) {
        expect(g.tags[`kubernetes.io/cluster/${clusterName}`]).toBe('owned');
        expect(g.instances.length).toBe(g.desired);
        expect(g.instances.every((i) => i.lifecycleState === 'InService' && g.zones.includes(i.zone) && i.imageId.startsWith('ami-'))).toBe(true);
        expect(g.instances.map((i) => i.id)).toEqual(g.instances.map((i) => i.id).sort());
      }
      const first = groups[0]!;
      expect(await cloud.describeGroups({ cluster: clusterName, names: [first.name] })).toEqual([first]);
      expect(await cloud.describeGroups({ cluster: 'another-cluster' })).toEqual([]);
      const ids = [...new Set(groups.flatMap((g) => (g.launchTemplate ? [g.launchTemplate.id] : [])))].sort();
      const templates = await cloud.describeLaunchTemplates(ids);
      expect(templates.map((t) => t.id).sort()).toEqual(ids);
      for (const t of templates) {
        expect(t.latestVersion).toBe(Math.max(...t.versions.map((v) => v.version)));
        expect(t.versions.some((v) => v.version === t.defaultVersion)).toBe(true);
      }
    });

    it('setGroupSize surges: instances launch into the group and come InService; the same call again changes nothing', async () => {
      const { cloud, clusterName, advance } = await use('demo');
      const [group] = await cloud.describeGroups({ cluster: clusterName });
      const size = { min: group!.min, max: Math.max(group!.max, group!.desired + 2), desired: group!.desired + 2 };
      await cloud.setGroupSize(group!.name, size);
      await cloud.setGroupSize(group!.name, size);
      let [after] = await cloud.describeGroups({ cluster: clusterName, names: [group!.name] });
      expect(after).toMatchObject(size);
      expect(after!.instances).toHaveLength(group!.desired + 2);
      await advance(600);
      [after] = await cloud.describeGroups({ cluster: clusterName, names: [group!.name] });
      expect(after!.instances.filter((i) => i.lifecycleState === 'InService')).toHaveLength(group!.desired + 2);
    });

    it('suspends and resumes exactly the processes named', async () => {
      const { cloud, clusterName } = await use('demo');
      const [group] = await cloud.describeGroups({ cluster: clusterName });
      await cloud.suspendProcesses(group!.name, ['AZRebalance', 'ReplaceUnhealthy']);
      await cloud.suspendProcesses(group!.name, ['AZRebalance']);
      let [after] = await cloud.describeGroups({ cluster: clusterName, names: [group!.name] });
      expect([...after!.suspendedProcesses].sort()).toEqual([...new Set([...group!.suspendedProcesses, 'AZRebalance', 'ReplaceUnhealthy'])].sort());
      await cloud.resumeProcesses(group!.name, ['ReplaceUnhealthy']);
      [after] = await cloud.describeGroups({ cluster: clusterName, names: [group!.name] });
      expect([...after!.suspendedProcesses].sort()).toEqual([...new Set([...group!.suspendedProcesses, 'AZRebalance'])].sort());
    });

    it('terminates an instance with decrement; a re-issue after it is gone answers already-gone', async () => {
      const { cloud, clusterName, advance } = await use('demo');
      const [group] = await cloud.describeGroups({ cluster: clusterName });
      // Room below desired: a termination with decrement must not take the group under its min.
      await cloud.setGroupSize(group!.name, { min: 0, max: group!.max, desired: group!.desired });
      const victim = group!.instances[0]!.id;
      expect(await cloud.terminateInstance(victim)).toBe('terminating');
      let [after] = await cloud.describeGroups({ cluster: clusterName, names: [group!.name] });
      expect(after!.desired).toBe(group!.desired - 1);
      expect(after!.instances.find((i) => i.id === victim)?.lifecycleState ?? 'Terminated').toMatch(/Terminating|Terminated/);
      await advance(600);
      expect(await cloud.terminateInstance(victim)).toBe('already-gone');
      [after] = await cloud.describeGroups({ cluster: clusterName, names: [group!.name] });
      expect(after!.desired).toBe(group!.desired - 1);
      expect(after!.instances.some((i) => i.id === victim)).toBe(false);
      expect(await cloud.terminateInstance('i-0000000000000dead')).toBe('already-gone');
    });
  });
}
