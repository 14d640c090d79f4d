// A fake API server that keeps objects of one collection with the real server's optimistic concurrency:
// every write bumps metadata.resourceVersion; a PUT with another resourceVersion is 409 Conflict; a POST
// of an existing name is 409 AlreadyExists; a DELETE whose preconditions.resourceVersion differs is 409.
import type { ServerResponse } from 'node:http';
import { type FakeApi, type Recorded, fakeApi, sendJson, sendStatus } from './fake-api.js';

export interface Stored {
  metadata: { name: string; namespace?: string; resourceVersion?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface StoreApi extends FakeApi {
  objects: Map<string, Stored>;
  /** Answers the next request with this instead (once). */
  interceptOnce(answer: (req: Recorded, res: ServerResponse) => boolean): void;
}

export async function storeApi(collection: string, resource: string): Promise<StoreApi> {
  const objects = new Map<string, Stored>();
  let rv = 1000;
  let intercept: ((req: Recorded, res: ServerResponse) => boolean) | undefined;
  const api = await fakeApi((req, res) => {
    const once = intercept;
    intercept = undefined;
    if (once?.(req, res)) return;
    if (!req.path.startsWith(collection)) return sendStatus(res, 404, 'NotFound', 'the server could not find the requested resource');
    const name = req.path.slice(collection.length + 1);
    const current = objects.get(name);
    const missing = () => sendStatus(res, 404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource });
    const conflict = () =>
      sendStatus(res, 409, 'Conflict', `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name, kind: resource });
    switch (req.method) {
      case 'GET':
        return current ? sendJson(res, 200, current) : missing();
      case 'POST': {
        const body = JSON.parse(req.body) as Stored;
        if (objects.has(body.metadata.name)) return sendStatus(res, 409, 'AlreadyExists', `${resource} "${body.metadata.name}" already exists`, { name: body.metadata.name, kind: resource });
        body.metadata = { ...body.metadata, resourceVersion: String(++rv), uid: `uid-${rv}` };
        objects.set(body.metadata.name, body);
        return sendJson(res, 201, body);
      }
      case 'PUT': {
        const body = JSON.parse(req.body) as Stored;
        if (!current) return missing();
        if (body.metadata.resourceVersion !== current.metadata.resourceVersion) return conflict();
        body.metadata = { ...body.metadata, resourceVersion: String(++rv) };
        objects.set(name, body);
        return sendJson(res, 200, body);
      }
      case 'DELETE': {
        if (!current) return missing();
        const options = req.body ? (JSON.parse(req.body) as { preconditions?: { resourceVersion?: string } }) : {};
        const want = options.preconditions?.resourceVersion;
        if (want !== undefined && want !== current.metadata.resourceVersion) return conflict();
        objects.delete(name);
        return sendJson(res, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name, kind: resource } });
      }
      default:
        return sendStatus(res, 405, 'MethodNotAllowed', 'method not allowed');
    }
  });
  return {
    ...api,
    objects,
    interceptOnce: (answer) => {
      intercept = answer;
    },
  };
}
