// A served simulator for the AWS face's tests: the demo fixture (or another) behind createAwsApi on a
// loopback port, and the official SDK v3 clients pointed at it.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { SimCloud } from '../../../../src/sim/adapters.js';
import { buildWorld } from '../../../../src/sim/build.js';
import type { SimContext } from '../../../../src/sim/context.js';
import { DEMO_FIXTURE } from '../../../../src/sim/demo.js';
import { SimFaults } from '../../../../src/sim/faults.js';
import { loadFixture, parseFixture } from '../../../../src/sim/fixture/parse.js';
import { createAwsApi, type AwsApi, type AwsApiOptions } from '../../../../src/sim/serve/aws/index.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

export interface Served {
  ctx: SimContext;
  api: AwsApi;
  endpoint: string;
  asg: AutoScalingClient;
  ec2: EC2Client;
  /** Clients with `maxAttempts` tries and a 1 ms backoff (fast retries). */
  clients(maxAttempts: number): { asg: AutoScalingClient; ec2: EC2Client };
  close(): Promise<void>;
}

export interface ServeOptions extends Partial<AwsApiOptions> {
  /** Fixture YAML text instead of the demo. */
  yaml?: string;
  /** Sees every request before the API does (its headers; listen for 'data' to see the body). */
  tap?: (req: IncomingMessage) => void;
}

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };

export async function serve(options: ServeOptions = {}): Promise<Served> {
  const fixture = options.yaml !== undefined ? parseFixture(options.yaml, 'test.yaml') : loadFixture(DEMO_FIXTURE);
  const ctx = buildWorld(fixture);
  const { yaml: _yaml, tap, ...rest } = options;
  const api = createAwsApi(ctx, new SimCloud(ctx, new SimFaults()), { region: fixture.region, ...rest });
  const server: Server = createServer((req, res) => {
    tap?.(req);
    api.handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const made: { destroy(): void }[] = [];
  const clients = (maxAttempts: number) => {
    const config = { endpoint, region: fixture.region, credentials, retryStrategy: new ConfiguredRetryStrategy(maxAttempts, () => 1) };
    const pair = { asg: new AutoScalingClient(config), ec2: new EC2Client(config) };
    made.push(pair.asg, pair.ec2);
    return pair;
  };
  const { asg, ec2 } = clients(1);
  return {
    ctx,
    api,
    endpoint,
    asg,
    ec2,
    clients,
    close: async () => {
      for (const c of made) c.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The rejection of `promise`, which must reject (a test that expects an error cannot pass without one). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) throw new Error(`expected a rejection, got ${outcome === undefined ? 'success' : String(outcome)}`);
  return outcome;
}

/** Runs the world's queue until nothing is left at or before `seconds` from now. */
export function advance(ctx: SimContext, seconds: number): void {
  const until = ctx.queue.now + seconds;
  for (let next = ctx.queue.nextTime(); next !== undefined && next <= until; next = ctx.queue.nextTime()) ctx.queue.step();
}
