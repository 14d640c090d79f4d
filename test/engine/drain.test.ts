// `dextre drain` on the simulator: the engine and the roll's drain over named nodes, judged by what the
// simulator itself saw (its action log, its report, its pods and nodes), not by dextre's own account.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/core/model.js';
import { drainPlanResult } from '../../src/engine/drain-result.js';
import { prepareDrain } from '../../src/engine/drain.js';
import { loadSimulation, type Simulation } from '../../src/sim/index.js';
import { exitCodeFor } from '../../src/ui/exit-codes.js';
import { cluster } from '../sim/helpers.js';
import { drain, drainRequest, fixture } from './scenario.js';

const load = (name: string) => loadSimulation(fixture(name), { speed: 'max' });

/** Six nodes (two per zone), room to spare: web (3 replicas, PDB minAvailable 2) and api (2, no PDB). */
const roomy = () =>
  cluster({
    nodes: 2,
    workloads: [
      '{kind: Deployment, namespace: app, name: web, replicas: 3, images: ["web:1"], requests: {cpu: 200m, memory: 256Mi}, startupSeconds: 10, stopSeconds: 5}',
      '{kind: Deployment, namespace: app, name: api, replicas: 2, images: ["big:1"], requests: {cpu: 200m, memory: 256Mi}, startupSeconds: 20, stopSeconds: 5}',
    ],
    pdbs: ['{namespace: app, name: web, selector: {matchLabels: {app: web}}, minAvailable: 2}'],
  });

async function podsOn(sim: Simulation, node: string): Promise<Pod[]> {
  return sim.kube.listPods({ nodeName: node });
}

/** The nodes (by name) that run a pod of `app`. */
async function nodesRunning(sim: Simulation, app: string): Promise<string[]> {
  const pods = await sim.kube.listPods({ namespace: 'app' });
  return [...new Set(pods.filter((p) => p.labels['app'] === app && p.nodeName !== undefined).map((p) => p.nodeName as string))].sort();
}

/** Virtual times at which a pod of `app` turned Ready, as the watch saw them. */
async function readyTimes(sim: Simulation, app: string): Promise<number[]> {
  const times: number[] = [];
  const ready = new Set<string>();
  for (const p of await sim.kube.listPods({ namespace: 'app' })) if (p.ready) ready.add(p.uid);
  await sim.kube.watch((e) => {
    if (e.kind !== 'Pod' || e.pod.labels['app'] !== app || !e.pod.ready || ready.has(e.pod.uid)) return;
    ready.add(e.pod.uid);
    times.push(sim.clock.now());
  });
  return times;
}

const evictions = (sim: Simulation) => sim.actions().filter((a) => a.verb === 'evictPod');

describe('dextre drain on the simulator', () => {
  it('gates on readiness: the next pod of a workload is evicted only after the previous one\'s replacement is Ready', async () => {
    const sim = roomy();
    const [a, b] = await nodesRunning(sim, 'web');
    const webReady = await readyTimes(sim, 'web');
    const { result } = await drain(sim, drainRequest([a!, b!]));
    expect(result.outcome).toBe('succeeded');
    const web = evictions(sim).filter((x) => x.target.startsWith('app/web-'));
    expect(web.map((x) => x.detail)).toEqual(['evicted', 'evicted']);
    // The second web eviction comes after a replacement turned Ready, which came after the first eviction.
    const replacementReady = webReady.find((t) => t >= web[0]!.at);
    expect(replacementReady).toBeDefined();
    expect(web[1]!.at).toBeGreaterThanOrEqual(replacementReady!);
    expect(web[1]!.at).toBeGreaterThan(web[0]!.at);
    expect(sim.report()).toMatchObject({ pdbViolations: 0, lostPods: 0, evictionsRefusedByPdb: 0, unreadyControllerPods: 0 });
    expect(result.nodes.map((n) => [n.name, n.action])).toEqual([[a, 'drained'], [b, 'drained']]);
  });

  it('without the readiness gate, an eviction a PDB refuses (429) is retried until the budget allows it, never past it', async () => {
    const sim = roomy();
    const [a, b] = await nodesRunning(sim, 'web');
    const { result } = await drain(sim, drainRequest([a!, b!], { settings: { readinessGate: false } }));
    expect(result.outcome).toBe('succeeded');
    const web = evictions(sim).filter((x) => x.target.startsWith('app/web-'));
    const refused = web.filter((x) => x.detail === 'refused-by-pdb');
    expect(refused.length).toBeGreaterThan(0);
    // The refused pod's eviction is retried (5 s, then 10 s, …) and finally allowed.
    const target = refused[0]!.target;
    const tries = web.filter((x) => x.target === target);
    expect(tries.at(-1)?.detail).toBe('evicted');
    expect(tries[1]!.at - tries[0]!.at).toBe(5);
    expect(sim.report()).toMatchObject({ pdbViolations: 0, lostPods: 0 });
    expect(sim.report().evictionsRefusedByPdb).toBe(evictions(sim).filter((x) => x.detail === 'refused-by-pdb').length);
  });

  it('cordons every named node before the first eviction, and leaves them cordoned', async () => {
    const sim = roomy();
    const [a, b] = await nodesRunning(sim, 'web');
    await drain(sim, drainRequest([a!, b!]));
    const log = sim.actions().filter((x) => x.verb === 'patchNode' || x.verb === 'evictPod');
    const firstEviction = log.findIndex((x) => x.verb === 'evictPod');
    expect(log.slice(0, firstEviction).map((x) => x.target).sort()).toEqual([a, b].sort());
    for (const n of await sim.kube.listNodes()) expect(n.unschedulable).toBe(n.name === a || n.name === b);
    expect(sim.nodeEvents().filter((e) => e.node === a).map((e) => e.reason)).toEqual(['DextreCordon', 'DextreDrain', 'DextreDrained']);
  });

  it('--pod-selector evicts only the matching pods; the others stay on the node', async () => {
    const sim = load('statefulset-pdb');
    const [node] = await nodesRunning(sim, 'web');
    const { result } = await drain(sim, drainRequest([node!], { settings: { podSelector: 'app=web' } }));
    expect(result.outcome).toBe('succeeded');
    expect(evictions(sim).map((x) => x.target.split('-')[0])).toEqual(['app/web']);
    const left = (await podsOn(sim, node!)).map((p) => p.labels['app'] ?? p.owner?.name);
    expect(left).toContain('db');
    expect(left).not.toContain('web');
  });

  it('--grace-period reaches every eviction', async () => {
    const sim = load('statefulset-pdb');
    const [node] = await nodesRunning(sim, 'db');
    await drain(sim, drainRequest([node!], { settings: { gracePeriodSeconds: 3 } }));
    expect(evictions(sim).length).toBeGreaterThan(0);
    expect(evictions(sim).every((x) => x.detail === 'evicted grace=3')).toBe(true);
  });

  it('--timeout: a pod that takes longer to go stops the drain as blocked (exit 3), naming --timeout; the node stays cordoned', async () => {
    // db pods stop in 10 s; a 5-second timeout passes first.
    const sim = load('statefulset-pdb');
    const [node] = await nodesRunning(sim, 'db');
    const { result } = await drain(sim, drainRequest([node!], { settings: { drainTimeoutSeconds: 5, podSelector: 'app=db' } }));
    expect(result.outcome).toBe('failed');
    expect(exitCodeFor(result)).toBe(3);
    expect(result.blockers).toEqual([expect.objectContaining({ kind: 'drain-timeout', flag: '--timeout', node })]);
    expect(result.nodes).toEqual([expect.objectContaining({ name: node, action: 'failed', evictedPods: 1 })]);
    expect((await sim.kube.listNodes()).find((n) => n.name === node)?.unschedulable).toBe(true);
    expect(sim.nodeEvents().at(-1)).toMatchObject({ node, reason: 'DextreFailed', type: 'Warning', message: expect.stringContaining('stays cordoned') });
  });

  it('blockers found before the drain change nothing: a PDB that never allows, an unreplicated pod, an emptyDir pod', async () => {
    for (const name of ['pdb-never', 'unreplicated-emptydir']) {
      const sim = load(name);
      const nodes = (await sim.kube.listNodes()).map((n) => n.name);
      const { result } = await drain(sim, drainRequest(nodes));
      expect(result.outcome).toBe('failed');
      expect(exitCodeFor(result)).toBe(3);
      expect(result.error?.message).toContain('Nothing was changed');
      expect(sim.actions()).toEqual([]);
      const kinds = result.blockers.map((b) => [b.kind, b.flag]);
      if (name === 'pdb-never') expect(kinds).toEqual([['pdb-never-allows', undefined]]);
      else expect(kinds.sort()).toEqual([['emptydir-pod', '--delete-emptydir-data'], ['emptydir-pod', '--delete-emptydir-data'], ['unreplicated-pod', '--force']]);
    }
  });

  it.each([
    { pod: 'debug-shell', flags: { force: true }, warning: /^deleting Pods that declare no controller .*: app\/debug-shell$/ },
    { pod: 'cache-', flags: { deleteEmptyDirData: true }, warning: /^deleting Pods with local storage .*: app\/cache-/ },
  ])('$flags lets the drain of the node running $pod through, with a warning', async ({ pod, flags, warning }) => {
    const sim = load('unreplicated-emptydir');
    const target = (await sim.kube.listPods({ namespace: 'app' })).find((p) => p.name.startsWith(pod))!;
    const { result } = await drain(sim, drainRequest([target.nodeName!], { settings: flags }));
    expect(result.outcome, result.error?.message).toBe('succeeded');
    expect(result.warnings).toEqual([expect.stringMatching(warning)]);
    expect(evictions(sim).map((x) => x.target)).toContain(`app/${target.name}`);
    expect(sim.report().pdbViolations).toBe(0);
  });

  it('a replacement that finds no room holds the gate until --timeout, then the drain stops as blocked naming the workload', async () => {
    // Two of three nodes cordoned: the last cannot take every moved pod, so a replacement stays Pending.
    const sim = load('statefulset-pdb');
    const [a, b] = await nodesRunning(sim, 'web');
    const { result } = await drain(sim, drainRequest([a!, b!], { settings: { drainTimeoutSeconds: 600 } }));
    expect(result.outcome).toBe('failed');
    expect(exitCodeFor(result)).toBe(3);
    expect(result.blockers).toEqual([expect.objectContaining({ kind: 'replacement-not-ready', flag: '--timeout' })]);
    expect(sim.report().pdbViolations).toBe(0);
  });

  it('--dry-run plans and changes nothing: the action log stays empty', async () => {
    const sim = load('statefulset-pdb');
    const nodes = (await sim.kube.listNodes()).map((n) => n.name);
    const prepared = await prepareDrain(sim, sim.clusterName, drainRequest(nodes));
    const result = drainPlanResult(prepared, true);
    expect(result).toMatchObject({ outcome: 'planned', dryRun: true, blockers: [] });
    expect(result.nodes.every((n) => n.action === 'planned' && n.pods?.some((p) => p.action === 'evict'))).toBe(true);
    expect(result.nodes[0]?.pods?.find((p) => p.pod.startsWith('kube-system/kube-proxy'))).toMatchObject({ action: 'skip' });
    expect(sim.actions()).toEqual([]);
    expect(sim.nodeEvents()).toEqual([]);
  });

  it('--terminate: drained, then terminated through the group with decrement; AZRebalance held meanwhile; nothing replaces it', async () => {
    const sim = load('statefulset-pdb');
    const [node] = await nodesRunning(sim, 'web');
    const { result } = await drain(sim, drainRequest([node!], { terminate: true }));
    expect(result.outcome).toBe('succeeded');
    expect(result.nodes).toEqual([expect.objectContaining({ name: node, action: 'terminated', group: 'statefulset-pdb-nodes' })]);
    expect(result.groups).toEqual([expect.objectContaining({ before: { min: 1, max: 10, desired: 3 }, after: { min: 1, max: 10, desired: 2 }, suspendedProcessesAfter: [] })]);
    const verbs = sim.actions().filter((x) => /^[a-z]/.test(x.verb) && x.verb !== 'evictPod' && x.verb !== 'patchNode').map((x) => `${x.verb} ${x.detail ?? ''}`);
    expect(verbs).toEqual(['suspendProcesses AZRebalance', 'terminateInstance terminating', 'resumeProcesses AZRebalance']);
    const terminatedAt = sim.actions().find((x) => x.verb === 'terminateInstance')!.at;
    expect(evictions(sim).every((x) => x.at <= terminatedAt)).toBe(true);
    expect(sim.report()).toMatchObject({ lostPods: 0, pdbViolations: 0, maxExtraInstances: 0 });
    expect(sim.actions().some((x) => x.verb === 'InstanceLaunched')).toBe(false);
    expect(sim.nodeEvents().map((e) => e.reason)).toEqual(['DextreCordon', 'DextreDrain', 'DextreTerminate']);
  });

  it('--terminate that would take a group below its min is refused before anything changes', async () => {
    const sim = load('statefulset-pdb');
    const nodes = (await sim.kube.listNodes()).map((n) => n.name);
    await expect(drain(sim, drainRequest(nodes, { terminate: true }))).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('below its min 1') });
    expect(sim.actions()).toEqual([]);
  });

  it('an unknown node among known ones changes nothing', async () => {
    const sim = load('statefulset-pdb');
    const [node] = (await sim.kube.listNodes()).map((n) => n.name);
    await expect(drain(sim, drainRequest([node!, 'no-such-node']))).rejects.toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect(sim.actions()).toEqual([]);
  });

  it('an interrupt stops the drain (exit 4) and leaves the nodes cordoned', async () => {
    const sim = load('statefulset-pdb');
    const [a, b] = await nodesRunning(sim, 'web');
    const controller = new AbortController();
    const { result } = await drain(sim, drainRequest([a!, b!]), {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'pod' && e.status === 'evicted') controller.abort('SIGINT');
      },
    });
    expect(result.outcome).toBe('interrupted');
    expect(exitCodeFor(result)).toBe(4);
    expect(result.nodes.map((n) => n.action)).toEqual(['cordoned', 'cordoned']);
    for (const n of await sim.kube.listNodes()) expect(n.unschedulable).toBe(n.name === a || n.name === b);
  });
});
