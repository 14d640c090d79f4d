// Builders for small simulated clusters and helpers that let virtual time pass.
import { fileURLToPath } from 'node:url';
import type { Pod } from '../../src/core/model.js';
import { createSimulation, parseFixture, type Simulation } from '../../src/sim/index.js';

export const T0 = 1_767_225_600;

export const fixturePath = (name: string) => fileURLToPath(new URL(`../../fixtures/clusters/${name}.yaml`, import.meta.url));

export interface ClusterOptions {
  /** Nodes per zone at load (zones a, b, c), or explicit counts. */
  nodes?: number | [number, number, number];
  /** Zone capacities (undefined = unlimited). */
  capacity?: [number?, number?, number?];
  min?: number;
  max?: number;
  desired?: number;
  suspended?: string[];
  cpu?: number;
  memory?: number;
  pullMiBps?: number;
  bootSeconds?: number;
  nodeReadySeconds?: number;
  images?: { name: string; sizeMiB: number; pullable?: boolean; pullSecret?: string }[];
  /** Pull secrets of the namespace `app`. */
  appPullSecrets?: string[];
  /** YAML list items (each a flow mapping) under workloads:. */
  workloads?: string[];
  pods?: string[];
  pdbs?: string[];
  extra?: string;
}

const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] as const;

/** A one-group cluster over three zones; every node on launch template version 1, the group on $Latest (2). */
export function clusterYaml(o: ClusterOptions = {}): string {
  const counts = typeof o.nodes === 'object' ? o.nodes : [o.nodes ?? 1, o.nodes ?? 1, o.nodes ?? 1];
  const zones = ZONES.map((z, i) => (o.capacity?.[i] !== undefined ? `  - {name: ${z}, capacity: ${o.capacity[i]}}` : `  - {name: ${z}}`));
  const instances = ZONES.map((z, i) => `      - {zone: ${z}, launchTemplateVersion: 1, count: ${counts[i]}}`);
  const images = o.images ?? [
    { name: 'web:1', sizeMiB: 100 },
    { name: 'big:1', sizeMiB: 500 },
  ];
  return [
    'cluster: test',
    'region: eu-west-1',
    'zones:',
    ...zones,
    'instanceTypes:',
    `  m5.large: {cpu: ${o.cpu ?? 2000}, memory: ${o.memory ?? 8000}, pullMiBps: ${o.pullMiBps ?? 50}}`,
    'launchTemplates:',
    '  - id: lt-0test',
    '    versions:',
    '      - {version: 1, imageId: ami-old, instanceType: m5.large}',
    '      - {version: 2, imageId: ami-new, instanceType: m5.large}',
    'nodeGroups:',
    '  - name: ng',
    `    zones: [${ZONES.join(', ')}]`,
    `    min: ${o.min ?? 0}`,
    `    max: ${o.max ?? 20}`,
    ...(o.desired !== undefined ? [`    desired: ${o.desired}`] : []),
    ...(o.suspended ? [`    suspendedProcesses: [${o.suspended.join(', ')}]`] : []),
    `    bootSeconds: ${o.bootSeconds ?? 60}`,
    `    nodeReadySeconds: ${o.nodeReadySeconds ?? 15}`,
    '    launchTemplate: {id: lt-0test, version: $Latest}',
    '    instances:',
    ...instances,
    `namespaces: [{name: app, pullSecrets: [${(o.appPullSecrets ?? []).join(', ')}]}, {name: kube-system}]`,
    'images:',
    ...images.map(
      (i) =>
        `  - {name: "${i.name}", sizeMiB: ${i.sizeMiB}${i.pullable === false ? ', pullable: false' : ''}${i.pullSecret ? `, pullSecret: ${i.pullSecret}` : ''}}`,
    ),
    ...(o.workloads?.length ? ['workloads:', ...o.workloads.map((w) => `  - ${w}`)] : []),
    ...(o.pods?.length ? ['pods:', ...o.pods.map((p) => `  - ${p}`)] : []),
    ...(o.pdbs?.length ? ['pdbs:', ...o.pdbs.map((p) => `  - ${p}`)] : []),
    ...(o.extra ? [o.extra] : []),
  ].join('\n');
}

export function cluster(o: ClusterOptions = {}): Simulation {
  return createSimulation(parseFixture(clusterYaml(o), 'test.yaml'));
}

const never = new Promise<void>(() => undefined);

/** Lets virtual time run until nothing is scheduled (or `limit` seconds pass). Returns the time used. */
export async function settle(sim: Simulation, limit = 24 * 3600): Promise<number> {
  const start = sim.clock.now();
  while (sim.clock.now() - start <= limit && (await sim.clock.idle(never))) {
    // each idle() runs one moment
  }
  return sim.clock.now() - start;
}

/** Lets exactly `seconds` of virtual time pass, running everything due up to then. */
export async function advance(sim: Simulation, seconds: number): Promise<void> {
  const target = sim.clock.now() + seconds;
  void sim.clock.sleep(seconds);
  while (sim.clock.now() < target && (await sim.clock.idle(never))) {
    // run the next moment
  }
}

/** Runs until `check` holds (checked after every moment); fails after `limit` virtual seconds. */
export async function until(sim: Simulation, check: () => Promise<boolean> | boolean, limit = 3600): Promise<number> {
  const start = sim.clock.now();
  while (!(await check())) {
    if (sim.clock.now() - start > limit || !(await sim.clock.idle(never))) {
      throw new Error(`condition not met after ${sim.clock.now() - start} virtual seconds`);
    }
  }
  return sim.clock.now() - start;
}

export async function podsOf(sim: Simulation, prefix: string, namespace = 'app'): Promise<Pod[]> {
  return (await sim.kube.listPods({ namespace })).filter((p) => p.name.startsWith(prefix));
}

export async function nodeNames(sim: Simulation): Promise<string[]> {
  return (await sim.kube.listNodes()).map((n) => n.name);
}
