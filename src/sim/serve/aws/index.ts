// The AWS face of `dextre sim serve`: the simulator's Auto Scaling and EC2 over HTTP in AWS's Query
// protocol, so the official SDK v3 clients work against it unchanged (`endpoint` / AWS_ENDPOINT_URL).
// One endpoint serves both: `Version=2011-01-01` is Auto Scaling, `Version=2016-11-15` is EC2, each
// answering in its own XML dialect. Requests are answered at the world's current virtual moment.
//
// The SigV4 `Authorization` header is not checked: the simulator does not authenticate (any
// credentials work) and has one fake account, 123456789012.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeGroupCloud } from '../../../cloud/port.js';
import type { SimContext } from '../../context.js';
import { AUTOSCALING_ACTIONS } from './autoscaling.js';
import { EC2_ACTIONS } from './ec2.js';
import { AwsError, fromSimulator, invalidAction } from './errors.js';
import { Origins, stableUuid, type AwsFace } from './face.js';
import { FaultInjector, rate, seededRandom, type Service } from './faults.js';
import { QueryParams } from './form.js';
import { autoScalingError, autoScalingResponse, ec2Error, ec2Response } from './xml.js';

export interface AwsApiOptions {
  region: string;
  /** Fraction (0..1) of requests answered with a throttling error (Auto Scaling `Throttling` 400, EC2 `RequestLimitExceeded` 503). */
  throttleRate?: number;
  /** Fraction (0..1) answered with a 5xx (`InternalFailure` 500 / `ServiceUnavailable` 503). */
  errorRate?: number;
  /** Deterministic randomness for the injection (default: a seeded PRNG). */
  random?: () => number;
}

export interface AwsApi {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Requests seen, per action (for tests and the bench's API-economy figures). */
  counts(): Record<string, number>;
}

const VERSIONS: Readonly<Record<string, Service>> = { '2011-01-01': 'autoscaling', '2016-11-15': 'ec2' };

/** Seed of the default PRNG: an injected run repeats exactly. */
const DEFAULT_SEED = 0x5eed;

/** Bodies above this are refused (no Query request dextre or an SDK sends comes near it). */
const MAX_BODY_BYTES = 1 << 20;

export function createAwsApi(ctx: SimContext, cloud: NodeGroupCloud, options: AwsApiOptions): AwsApi {
  const face: AwsFace = { ctx, cloud, region: options.region, origins: new Origins(ctx), suspendedAt: new Map() };
  const faults = new FaultInjector(
    { throttleRate: rate(options.throttleRate), errorRate: rate(options.errorRate) },
    options.random ?? seededRandom(DEFAULT_SEED),
  );
  const counts = new Map<string, number>();
  let requests = 0;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = stableUuid(`request:${requests++}`);
    const body = await readBody(req);
    const params = QueryParams.parse(body, new URL(req.url ?? '/', 'http://localhost').search);
    const action = params.get('Action') ?? '';
    const version = params.get('Version') ?? '';
    const counted = action === '' ? '(no action)' : action;
    counts.set(counted, (counts.get(counted) ?? 0) + 1);
    const service = own(VERSIONS, version);
    // Unknown or missing versions are answered in Auto Scaling's dialect (any would do: the request is wrong).
    const reply = (status: number, xml: string) => send(res, status, xml, requestId);
    const fail = (error: AwsError) => reply(error.status, service === 'ec2' ? ec2Error(error, requestId) : autoScalingError(error, requestId));
    if (req.method !== 'POST' && req.method !== 'GET') return fail(new AwsError('InvalidAction', `The HTTP method ${req.method ?? ''} is not supported.`));
    if (action === '') return fail(new AwsError('MissingAction', 'The request must contain the parameter Action.'));
    if (service === undefined) return fail(new AwsError('NoSuchVersion', `The requested version (${version}) of service is not supported.`));
    // Faults come first: a throttled or failed request has no effect at all.
    const fault = faults.draw(service);
    if (fault) return fail(fault);
    try {
      if (service === 'autoscaling') {
        const handler = own(AUTOSCALING_ACTIONS, action);
        if (!handler) return fail(invalidAction(action));
        reply(200, autoScalingResponse(action, await handler(face, params), requestId));
      } else {
        const handler = own(EC2_ACTIONS, action);
        if (!handler) return fail(invalidAction(action));
        reply(200, ec2Response(action, await handler(face, params), requestId));
      }
    } catch (e: unknown) {
      fail(fromSimulator(e));
    }
  }

  return {
    handle(req, res) {
      serve(req, res).catch((e: unknown) => {
        // Only reading the request can fail here (a dropped connection, an oversized body).
        const error = fromSimulator(e);
        if (!res.headersSent) send(res, error.status, autoScalingError(error, 'none'), 'none');
        else res.destroy();
      });
    },
    counts: () => Object.fromEntries([...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
  };
}

/** `record[key]` for the record's own keys only (`Action=toString` is not an action). */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function send(res: ServerResponse, status: number, xml: string, requestId: string): void {
  const body = Buffer.from(xml, 'utf8');
  res.writeHead(status, {
    'content-type': 'text/xml;charset=UTF-8',
    'content-length': body.length,
    // The SDK reads the request id from this header ($metadata.requestId).
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new AwsError('RequestEntityTooLarge', `The request body exceeds ${MAX_BODY_BYTES} bytes.`, 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
