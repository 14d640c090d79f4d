// The worlds the port contracts run against: the simulator in process (its own adapters), and the same
// simulator served over HTTP (`dextre sim serve`) reached through the real Kubernetes and AWS adapters.
// Time is moved by the test in both, so the two see the same world at the same moments.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodeGroupCloud } from '../../src/cloud/port.js';
import type { KubeCluster } from '../../src/kube/port.js';
import { SimCloud, SimKube } from '../../src/sim/adapters.js';
import { buildWorld } from '../../src/sim/build.js';
import type { SimContext } from '../../src/sim/context.js';
import { SimFaults } from '../../src/sim/faults.js';
import { loadFixture } from '../../src/sim/fixture/parse.js';
import { runUntil } from '../../src/sim/serve/pump.js';
import { scratchDir } from '../support/scratch.js';

export const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/clusters/${name}.yaml`, import.meta.url));

export interface World {
  kind: 'in-process' | 'served';
  clusterName: string;
  kube: KubeCluster;
  cloud: NodeGroupCloud;
  /** The simulator behind the world, to look at from the outside (never through the ports under test). */
  ctx: SimContext;
  /** Moves virtual time on; the served world's changes then reach its watches. */
  advance(seconds: number): Promise<void>;
  close(): Promise<void>;
}

export type WorldFactory = (fixtureName: string) => Promise<World>;

export const inProcess: WorldFactory = async (name) => {
  const ctx = buildWorld(loadFixture(fixture(name)));
  const faults = new SimFaults();
  return {
    kind: 'in-process',
    clusterName: ctx.world.fixture.cluster,
    kube: new SimKube(ctx, faults),
    cloud: new SimCloud(ctx, faults),
    ctx,
    advance: async (seconds) => {
      runUntil(ctx.queue, ctx.queue.now + seconds);
      await settle();
    },
    close: async () => undefined,
  };
};

export const served: WorldFactory = async (name) => {
  const fixtureFile = fixture(name);
  const clusterName = loadFixture(fixtureFile).cluster;
  const kubeconfig = join(scratchDir('dextre-contract-'), 'kubeconfig');
  const { serveSimulation } = await import('../../src/sim/serve/server.js');
  const sim = await serveSimulation({ fixture: fixtureFile, name: clusterName, port: 0, speed: 'manual', kubeconfig, cloud: 'aws', awsThrottleRate: 0, awsErrorRate: 0 });
  const [{ loadKubeConfig }, { createKubeCluster }, { createAwsCloud }] = await Promise.all([
    import('../../src/kube/client/kubeconfig.js'),
    import('../../src/kube/client/cluster.js'),
    import('../../src/cloud/aws/index.js'),
  ]);
  const { kc } = await loadKubeConfig({ kubeconfig, context: clusterName });
  const cloud = await createAwsCloud({ region: sim.info.region, endpoint: sim.info.aws ?? '', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  return {
    kind: 'served',
    clusterName,
    kube: createKubeCluster(kc),
    cloud,
    ctx: sim.ctx,
    advance: async (seconds) => {
      sim.advance(seconds);
      await settle();
    },
    close: () => sim.close(),
  };
};

/** Lets answers in flight (HTTP round trips, watch events) arrive. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Waits until `check` holds, failing with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
