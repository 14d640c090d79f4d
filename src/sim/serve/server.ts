// `dextre sim serve`: a fixture world served over HTTP on loopback, as a Kubernetes API server and as
// AWS Auto Scaling and EC2 Query endpoints, living in real time scaled by `speed`. dextre reaches it
// through its real adapters exactly as it would reach EKS; kubectl and the AWS SDKs work against it.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimCloud } from '../adapters.js';
import { buildWorld } from '../build.js';
import type { SimContext } from '../context.js';
import { SimFaults } from '../faults.js';
import { loadFixture } from '../fixture/parse.js';
import type { SimulationReport } from '../../core/result.js';
import { createAwsApi } from './aws/index.js';
import { createKubeApi } from './kube/index.js';
import type { ServedWrite } from './kube/router.js';
import { checkKubeconfig, writeKubeconfig } from './kubeconfig.js';
import { RealTimePump, runUntil } from './pump.js';

export interface ServeOptions {
  fixture: string;
  /** The kube context's name and the cluster's name in the Auto Scaling tags. */
  name: string;
  /** 0: any free port. The AWS endpoint listens on the next free one. */
  port: number;
  /** Virtual seconds per real second; `manual`: time moves only through `advance` (tests). */
  speed: number | 'manual';
  kubeconfig: string;
  /** Replace entries named `name` in `kubeconfig` that are not the simulator's (a real cluster's); else refuse. */
  overwriteKubeconfig?: boolean;
  /** `none`: serve Kubernetes only; nodes created through the API run pods as registered kubelets. */
  cloud: 'aws' | 'none';
  /** Fractions (0..1) of AWS requests answered with throttling / a 5xx. */
  awsThrottleRate: number;
  awsErrorRate: number;
  /** Hears each Kubernetes write after it is applied and before it is answered (in-process tests only). */
  afterKubeWrite?: (write: ServedWrite) => void;
}

/** What `sim serve` prints once ready: one JSON line. */
export interface ServeInfo {
  kubernetes: string;
  aws: string | null;
  kubeconfig: string;
  context: string;
  cluster: string;
  region: string;
}

export interface RunningSim {
  info: ServeInfo;
  ctx: SimContext;
  report(): SimulationReport;
  /** Moves virtual time on by `seconds` and runs what falls due (with `speed: 'manual'`). */
  advance(seconds: number): void;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function serveSimulation(options: ServeOptions): Promise<RunningSim> {
  const fixture = loadFixture(options.fixture);
  // Refused before anything listens: a kubeconfig entry we may not replace stops the serve at once.
  const overwrite = options.overwriteKubeconfig === true;
  checkKubeconfig(options.kubeconfig, options.name, overwrite);
  // The served cluster answers to its --name: the groups' tags and the context carry it.
  const ctx = buildWorld({ ...fixture, cluster: options.name });
  const kube = createKubeApi(ctx, { clusterName: options.name, acceptNodes: options.cloud === 'none', ...(options.afterKubeWrite ? { afterWrite: options.afterKubeWrite } : {}) });
  const aws = options.cloud === 'aws' ? createAwsApi(ctx, new SimCloud(ctx, new SimFaults()), { region: fixture.region, throttleRate: options.awsThrottleRate, errorRate: options.awsErrorRate }) : undefined;
  // Every request is answered in the current virtual moment; what it changed reaches watches at once.
  const kubeServer = await listen(options.port, kube.handle);
  const awsServer = aws ? await listen(0, aws.handle) : undefined;
  const pump = options.speed === 'manual' ? undefined : new RealTimePump(ctx.queue, options.speed, () => kube.sync());
  pump?.start();
  const kubernetes = url(kubeServer);
  const stop = async () => {
    pump?.stop();
    kube.close();
    await Promise.all([close(kubeServer), awsServer ? close(awsServer) : undefined]);
  };
  try {
    writeKubeconfig(options.kubeconfig, { name: options.name, server: kubernetes }, { overwrite });
  } catch (e: unknown) {
    await stop();
    throw e;
  }
  return {
    info: { kubernetes, aws: awsServer ? url(awsServer) : null, kubeconfig: options.kubeconfig, context: options.name, cluster: options.name, region: fixture.region },
    ctx,
    report: () => ctx.observer.report(),
    advance: (seconds) => {
      runUntil(ctx.queue, ctx.queue.now + seconds);
      kube.sync();
    },
    close: stop,
  };
}

function listen(port: number, handler: RequestListener): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    server.once('error', reject);
    server.listen(port, HOST, () => resolve(server));
  });
}

function url(server: Server): string {
  const address = server.address() as AddressInfo;
  return `http://${HOST}:${address.port}`;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Watches are long requests: end them rather than wait for their timeout.
    server.closeAllConnections();
  });
}
