// HTTP plumbing of the API face: content negotiation (JSON only; a Table or PartialObjectMetadata when
// the client asks for one with `as=…;g=meta.k8s.io;v=v1`; 406 for a client that accepts nothing we
// speak, such as protobuf alone), request bodies (JSON, or YAML which is a superset) and JSON replies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { Json, JsonObject } from './json.js';
import { badRequest, notAcceptable, unsupportedMediaType, type ApiError } from './status.js';

export type Output = { as: 'object' } | { as: 'table'; version: string } | { as: 'partial'; version: string };

/** The representation the client asked for, in its order of preference. Throws 406. */
export function negotiate(accept: string | undefined): Output {
  if (accept === undefined || accept.trim() === '') return { as: 'object' };
  for (const range of accept.split(',')) {
    const [type = '', ...rest] = range.split(';').map((p) => p.trim());
    const params = new Map(rest.map((p) => { const i = p.indexOf('='); return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const; }));
    if (params.get('q') === '0') continue;
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    const as = params.get('as');
    if (as === undefined) return { as: 'object' };
    if (params.get('g') !== 'meta.k8s.io') continue;
    const version = params.get('v') ?? 'v1';
    if (version !== 'v1' && version !== 'v1beta1') continue;
    if (as === 'Table') return { as: 'table', version };
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return { as: 'partial', version };
  }
  throw notAcceptable();
}

const MAX_BODY = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY ? reject(badRequest('the request body is larger than 3 MiB')) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/** The media type of the body without parameters (`application/json`). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? 'application/json';
}

/** Parses a JSON or YAML body; any other format is a 415. */
export function parseBody(text: string, type: string): Json {
  const yaml = type === 'application/yaml' || type === 'application/apply-patch+yaml';
  if (!yaml && !type.endsWith('json')) throw unsupportedMediaType(type);
  try {
    const value: unknown = yaml ? parseYaml(text) : JSON.parse(text);
    // A round trip through JSON turns YAML's values into plain JSON ones.
    return JSON.parse(JSON.stringify(value ?? null)) as Json;
  } catch (e: unknown) {
    throw badRequest(`the request body is not valid ${yaml ? 'YAML' : 'JSON'}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function sendJson(res: ServerResponse, code: number, body: JsonObject): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, error.code, error.status);
}
