// The one place Kubernetes API failures become DextreErrors. client-node throws `ApiException` for every
// non-2xx answer (numeric `code`, `body` the raw response text: a metav1.Status in JSON), node-fetch's
// FetchError (a string `code` such as ECONNREFUSED) when the server cannot be reached, and plain Errors
// from credential plugins. Every message is one paragraph naming what failed and what to do.
import { ApiException } from '@kubernetes/client-node';
import { DextreError } from '../../core/errors.js';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

/** What a request did, in RBAC's words: the verb, the resource (group, subresource), the scope. */
export interface ApiRequest {
  verb: Verb;
  resource: string;
  /** API group; '' (or absent) for the core group. */
  group?: string;
  subresource?: string;
  /** Absent for cluster-scoped resources; '' for a list across all namespaces. */
  namespace?: string;
  name?: string;
}

/** The parts of a metav1.Status dextre reads. */
export interface KubeStatus {
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[]; retryAfterSeconds?: number };
}

/** Where the failing request went and who made it, for the messages. */
export interface ApiTarget {
  server: string;
  context: string;
  /** The exec credential plugin's command line, when the kubeconfig user has one. */
  execCommand?: string;
}

/** The HTTP status and parsed Status of an ApiException; undefined for any other error. */
export function apiStatus(e: unknown): { code: number; status: KubeStatus } | undefined {
  if (!(e instanceof ApiException)) return undefined;
  const code = typeof e.code === 'number' ? e.code : Number(e.code);
  return { code, status: parseStatus(e.body) };
}

export function parseStatus(body: unknown): KubeStatus {
  if (typeof body === 'object' && body !== null) return body as KubeStatus;
  if (typeof body !== 'string' || body === '') return {};
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as KubeStatus) : { message: body };
  } catch {
    return { message: body.slice(0, 300) };
  }
}

/** `pods/eviction`, `deployments.apps`: the resource as RBAC and kubectl name it. */
export function resourceName(req: ApiRequest): string {
  const resource = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
  return req.group ? `${resource}.${req.group}` : resource;
}

function scope(req: ApiRequest): string {
  if (req.namespace === undefined) return 'cluster-wide';
  if (req.namespace === '') return 'in all namespaces';
  return `in namespace ${req.namespace}`;
}

function rbacRule(req: ApiRequest): string {
  const resource = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
  const where =
    req.namespace === undefined || req.namespace === ''
      ? 'in a ClusterRole bound to that identity'
      : `in a Role bound in namespace ${req.namespace} (or a ClusterRole)`;
  return `apiGroups: ["${req.group ?? ''}"], resources: ["${resource}"], verbs: ["${req.verb}"] ${where}`;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'EPROTO']);

function errorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  return typeof e.code === 'string' ? e.code : undefined;
}

function isTlsFailure(e: unknown, code: string | undefined): boolean {
  if (code !== undefined && /CERT|SELF_SIGNED|ISSUER|ERR_TLS|ERR_SSL|UNABLE_TO_VERIFY/.test(code)) return true;
  return e instanceof Error && e.name === 'FetchError' && /certificate/i.test(e.message);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Translates any failure of a Kubernetes API call into a DextreError. */
export function toDextreError(e: unknown, req: ApiRequest, target: ApiTarget): DextreError {
  if (e instanceof DextreError) return e;
  const what = `${req.verb} ${resourceName(req)}${req.name ? ` "${req.name}"` : ''} ${scope(req)}`;
  const api = apiStatus(e);
  if (api) return fromStatus(api.code, api.status, req, target, what, e);
  // client-node's Watch answers a non-200 with an Error carrying only `statusCode` and the status text.
  const watchStatus = typeof e === 'object' && e !== null && 'statusCode' in e && typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (watchStatus !== undefined) return fromStatus(watchStatus, {}, req, target, what, e);
  const code = errorCode(e);
  const message = messageOf(e);
  if (isTlsFailure(e, code)) {
    return new DextreError(
      'CONFIG',
      `dextre could not verify the TLS certificate of the Kubernetes API server ${target.server} (${code ?? message}). ` +
        `The certificate-authority of context ${target.context} in the kubeconfig does not match the server's certificate: ` +
        `refresh the kubeconfig (e.g. \`aws eks update-kubeconfig --name CLUSTER\`) or pass the right one with --kubeconfig.`,
      { cause: e },
    );
  }
  if (code !== undefined && CONNECTION_CODES.has(code)) {
    return new DextreError(
      'UNAVAILABLE',
      `dextre could not reach the Kubernetes API server ${target.server} (${code}) to ${what}. ` +
        `Is the cluster reachable from here (VPN, proxy, a private endpoint)? Check that context ${target.context} is the cluster you mean (\`kubectl --context ${target.context} get nodes\`).`,
      { cause: e },
    );
  }
  if (/HTTP protocol is not allowed/.test(message)) {
    return new DextreError(
      'CONFIG',
      `The kubeconfig's server ${target.server} (context ${target.context}) is plain http://, which dextre only uses when the cluster entry sets insecure-skip-tls-verify: true. Use the cluster's https:// endpoint.`,
      { cause: e },
    );
  }
  if (target.execCommand !== undefined && !(e instanceof SyntaxError) && !(e instanceof Error && e.name === 'FetchError')) {
    const notFound = code === 'ENOENT';
    return new DextreError(
      notFound ? 'CONFIG' : 'FORBIDDEN',
      notFound
        ? `The kubeconfig's credential plugin \`${target.execCommand}\` (context ${target.context}) could not be run: the command is not on the PATH. Install it (for EKS, the AWS CLI) or fix users[].user.exec.command.`
        : `The kubeconfig's credential plugin \`${target.execCommand}\` (context ${target.context}) failed: ${message.trim() || 'no output'}. ` +
          `Refresh your credentials (for EKS, \`aws sso login\` or your profile's keys) and try again.`,
      { cause: e },
    );
  }
  return new DextreError('INTERNAL', `Calling the Kubernetes API server ${target.server} to ${what} failed unexpectedly: ${message}`, { cause: e });
}

function fromStatus(code: number, status: KubeStatus, req: ApiRequest, target: ApiTarget, what: string, cause: unknown): DextreError {
  const said = status.message ?? '';
  switch (true) {
    case code === 401:
      return new DextreError(
        'FORBIDDEN',
        `The Kubernetes API server ${target.server} rejected dextre's credentials (401 Unauthorized) for context ${target.context}. ` +
          `They may have expired or not be mapped to the cluster: refresh them, e.g. \`aws eks update-kubeconfig --name CLUSTER\`, ` +
          `check that the kubeconfig's exec plugin${target.execCommand ? ` (\`${target.execCommand}\`)` : ''} runs, and that your AWS identity has an access entry in the cluster.`,
        { cause },
      );
    case code === 403:
      return new DextreError(
        'FORBIDDEN',
        `The Kubernetes API server forbids dextre to ${what} (context ${target.context}): ${said || '403 Forbidden'}. ` +
          `Grant the identity an RBAC rule: ${rbacRule(req)}.`,
        { cause },
      );
    case code === 404:
      return new DextreError('NOT_FOUND', said || `${resourceName(req)} "${req.name ?? ''}" not found`, { cause });
    case code === 409:
      return new DextreError('CONFLICT', `Could not ${what}: ${said || '409 Conflict'}. Someone else changed it at the same time; retry.`, { cause });
    case code === 429:
      return new DextreError(
        'THROTTLED',
        `The Kubernetes API server throttled dextre (429 Too Many Requests) to ${what}${said ? `: ${said}` : ''}. Another client may be loading the API server (its API Priority and Fairness limits); retry in a moment.`,
        { cause },
      );
    case code >= 500:
      return new DextreError(
        'UNAVAILABLE',
        `The Kubernetes API server ${target.server} failed to ${what} (${code}${status.reason ? ` ${status.reason}` : ''})${said ? `: ${said}` : ''}. The control plane may be overloaded or upgrading; retry in a moment.`,
        { cause },
      );
    default:
      return new DextreError(
        'INTERNAL',
        `The Kubernetes API server refused to ${what} (${code}${status.reason ? ` ${status.reason}` : ''})${said ? `: ${said}` : ''}. This is a dextre bug or an unsupported cluster version; please report it.`,
        { cause },
      );
  }
}
