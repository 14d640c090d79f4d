// The simulator: an in-memory AWS + Kubernetes world in virtual time, behind dextre's own ports.
// It is the test world, the built-in demo (`--cluster demo`) and the engine of `plan --simulate`.
// Where it is simpler than the real thing it says so in a comment and in fixtures/README.md.
import type { NodeGroupCloud } from '../cloud/port.js';
import type { Clock } from '../clock/port.js';
import type { SimulationReport } from '../core/result.js';
import type { KubeCluster, NodeEvent } from '../kube/port.js';
import { SimCloud, SimKube } from './adapters.js';
import { buildWorld } from './build.js';
import { VirtualClock, type SimSpeed } from './clock.js';
import { SimFaults } from './faults.js';
import { loadFixture } from './fixture/parse.js';
import type { Fixture } from './fixture/types.js';
import type { SimAction } from './world.js';

export { DEMO_FIXTURE } from './demo.js';
export { loadFixture, parseFixture } from './fixture/parse.js';
export type { Fixture } from './fixture/types.js';
export type { SimAction } from './world.js';
export { SimFaults, type SimVerb } from './faults.js';
export type { SimSpeed } from './clock.js';

export interface Simulation {
  clusterName: string;
  /** The Auto Scaling side, in process. */
  cloud: NodeGroupCloud;
  /** The Kubernetes side, in process. */
  kube: KubeCluster;
  /** Virtual time over the simulator's event queue. */
  clock: Clock;
  /** The simulator's own observation of the invariants so far. */
  report(): SimulationReport;
  /** Ready capacity over time as the simulator observed it: epoch seconds and the ratio to the start, per change. */
  readyCapacity(): { at: number; ratio: number }[];
  /** Changes made through the ports (and what AWS and controllers did on their own), in order. */
  actions(): readonly SimAction[];
  /** One-shot faults: `faults.once('evictPod', error)` makes the next evictPod throw `error`. */
  faults: SimFaults;
  /** Kubernetes Events recorded on nodes through the port, in order. */
  nodeEvents(): readonly (NodeEvent & { at: number })[];
}

export interface SimulationOptions {
  /** Virtual seconds per real second; 'max' (the default) never waits. */
  speed?: SimSpeed;
}

export function createSimulation(fixture: Fixture, options: SimulationOptions = {}): Simulation {
  const ctx = buildWorld(structuredClone(fixture));
  const faults = new SimFaults();
  return {
    clusterName: fixture.cluster,
    cloud: new SimCloud(ctx, faults),
    kube: new SimKube(ctx, faults),
    clock: new VirtualClock(ctx.queue, options.speed ?? 'max'),
    report: () => ctx.observer.report(),
    readyCapacity: () => ctx.observer.readyCapacity(),
    actions: () => ctx.world.actions.map((a) => ({ ...a })),
    faults,
    nodeEvents: () => ctx.world.nodeEvents.map((e) => ({ ...e })),
  };
}

export function loadSimulation(path: string, options: SimulationOptions = {}): Simulation {
  return createSimulation(loadFixture(path), options);
}
