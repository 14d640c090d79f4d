// Errors as the API server sends them: a meta/v1 Status with the HTTP code, a machine-readable reason
// and the server's own message (apimachinery `pkg/api/errors`), so clients' IsNotFound/IsConflict/…
// checks and kubectl's messages work unchanged.
import { compact, type JsonObject } from './json.js';

/** A resource as error messages name it: `pods`, `deployments.apps`. */
export interface GroupResource {
  group: string;
  resource: string;
}

export function qualified(gr: GroupResource): string {
  return gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: JsonObject,
  ) {
    super(typeof status['message'] === 'string' ? status['message'] : `HTTP ${code}`);
  }
}

function failure(code: number, reason: string | undefined, message: string, details?: JsonObject): ApiError {
  return new ApiError(code, compact({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code }));
}

function detailsOf(gr: GroupResource, name: string): JsonObject {
  return compact({ name, group: gr.group === '' ? undefined : gr.group, kind: gr.resource });
}

export function notFound(gr: GroupResource, name: string): ApiError {
  return failure(404, 'NotFound', `${qualified(gr)} "${name}" not found`, detailsOf(gr, name));
}

/** A path the server does not serve. */
export function pathNotFound(): ApiError {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return failure(409, 'AlreadyExists', `${qualified(gr)} "${name}" already exists`, detailsOf(gr, name));
}

/** `Operation cannot be fulfilled on configmaps "x": <why>`. */
export function conflict(gr: GroupResource, name: string, why: string): ApiError {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${why}`, detailsOf(gr, name));
}

export const MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

/** A failed delete precondition, worded as the storage layer reports it. */
export function preconditionFailed(gr: GroupResource, name: string, key: string, what: 'UID' | 'ResourceVersion', wanted: string, actual: string): ApiError {
  return conflict(
    gr,
    name,
    `StorageError: invalid object, Code: 4, Key: ${key}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ${what} in precondition: ${wanted}, ${what} in object meta: ${actual}`,
  );
}

/** 422: `ConfigMap "x" is invalid: <field>: <what>`. */
export function invalid(kind: string, group: string, name: string, causes: { field: string; message: string; reason?: string }[]): ApiError {
  const qualifiedKind = group === '' ? kind : `${kind}.${group}`;
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return failure(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${causes.length > 1 ? `[${text}]` : text}`, {
    name,
    ...(group === '' ? {} : { group }),
    kind,
    causes: causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', message: c.message, field: c.field })),
  });
}

/** 422 with a message that is not about one object (a JSON patch that does not apply). */
export function unprocessable(message: string): ApiError {
  return failure(422, 'Invalid', message);
}

export function badRequest(message: string): ApiError {
  return failure(400, 'BadRequest', message);
}

export function methodNotAllowed(): ApiError {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

export function tooManyRequests(message: string, causes: { reason: string; message: string }[]): ApiError {
  return failure(429, 'TooManyRequests', message, { causes });
}

export function internalError(message: string): ApiError {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}

/** A Failure Status a handler returns as its result (the eviction subresource's 500 has no reason). */
export function failureStatus(code: number, message: string): ApiError {
  return failure(code, undefined, message);
}

export function expired(message: string): ApiError {
  return failure(410, 'Expired', message);
}

export function notAcceptable(): ApiError {
  return failure(406, 'NotAcceptable', 'only the following media types are accepted: application/json', {});
}

export function unsupportedMediaType(type: string): ApiError {
  return failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got ${type})`, {});
}

/** A successful delete of an object that is gone at once: `{"status":"Success","details":{…}}`. */
export function deleted(gr: GroupResource, name: string, uid: string | undefined): JsonObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: compact({ ...detailsOf(gr, name), uid }) };
}
