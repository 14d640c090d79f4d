// The one mapping of Kubernetes API failures to DextreErrors, error by error.
import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { type ApiRequest, type ApiTarget, apiStatus, toDextreError } from '../../src/kube/client/errors.js';
import { expectKnownFlagsAndCommands } from '../support/known-flags.js';

const target: ApiTarget = { server: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com', context: 'prod' };
const evict: ApiRequest = { verb: 'create', resource: 'pods', subresource: 'eviction', namespace: 'app', name: 'web-1' };

function status(code: number, reason: string, message: string): ApiException<string> {
  return new ApiException(code, 'Unknown API Status Code!', JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }), {});
}

/** A node-fetch FetchError as client-node surfaces it. */
function fetchError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'FetchError', type: 'system', code, errno: code });
}

describe('toDextreError', () => {
  it.each<[number, string, string]>([
    [401, 'FORBIDDEN', 'refresh them'],
    [403, 'FORBIDDEN', 'RBAC rule'],
    [404, 'NOT_FOUND', 'pods "web-1" not found'],
    [409, 'CONFLICT', 'Someone else changed it'],
    [429, 'THROTTLED', 'Too Many Requests'],
    [500, 'UNAVAILABLE', 'retry in a moment'],
    [503, 'UNAVAILABLE', 'retry in a moment'],
    [422, 'INTERNAL', 'Invalid'],
  ])('HTTP %d → %s', (code, expected, fragment) => {
    const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 422: 'Invalid' }[code] ?? '';
    const error = toDextreError(status(code, reason, code === 404 ? 'pods "web-1" not found' : 'the server says no'), evict, target);
    expect(error.code).toBe(expected);
    expect(error.message).toContain(fragment);
    expect(error.message).not.toMatch(/\n\s+at /);
    expectKnownFlagsAndCommands(error.message);
  });

  it('401 has no body (client-node drops it) and still says what to do', () => {
    const error = toDextreError(new ApiException(401, 'Unauthorized', undefined, {}), { verb: 'list', resource: 'nodes' }, { ...target, execCommand: 'aws eks get-token --cluster-name prod' });
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain("rejected dextre's credentials (401 Unauthorized)");
    expect(error.message).toContain('aws eks update-kubeconfig');
    expect(error.message).toContain('`aws eks get-token --cluster-name prod`');
  });

  it('403 names verb, resource with group and subresource, scope, the server\'s words and the rule to grant', () => {
    const forbidden = 'poddisruptionbudgets.policy is forbidden: User "arn:aws:sts::1:assumed-role/ops/me" cannot list resource "poddisruptionbudgets" in API group "policy" at the cluster scope';
    const error = toDextreError(status(403, 'Forbidden', forbidden), { verb: 'list', resource: 'poddisruptionbudgets', group: 'policy', namespace: '' }, target);
    expect(error.message).toContain('list poddisruptionbudgets.policy in all namespaces');
    expect(error.message).toContain(forbidden);
    expect(error.message).toContain('apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: ["list"] in a ClusterRole');
    const eviction = toDextreError(status(403, 'Forbidden', 'no'), evict, target);
    expect(eviction.message).toContain('create pods/eviction "web-1" in namespace app');
    expect(eviction.message).toContain('apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] in a Role bound in namespace app');
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET'])('%s → UNAVAILABLE with the server and a hint', (code) => {
    const error = toDextreError(fetchError(code, `request to https://x/api/v1/nodes failed, reason: connect ${code}`), { verb: 'list', resource: 'nodes' }, target);
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(target.server);
    expect(error.message).toContain('VPN');
  });

  it.each(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED'])('TLS failure %s → CONFIG: the certificate-authority does not match', (code) => {
    const error = toDextreError(fetchError(code, 'request failed, reason: unable to verify the first certificate'), { verb: 'list', resource: 'nodes' }, target);
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain('certificate-authority');
    expect(error.message).toContain('context prod');
  });

  it('a credential plugin that fails or is missing says so', () => {
    const withExec = { ...target, execCommand: 'aws eks get-token --cluster-name prod' };
    const failed = toDextreError(new Error('\nAn error occurred (ExpiredToken) when calling the AssumeRole operation\n'), { verb: 'list', resource: 'nodes' }, withExec);
    expect(failed.code).toBe('FORBIDDEN');
    expect(failed.message).toContain('ExpiredToken');
    const missing = toDextreError(Object.assign(new Error('spawn aws ENOENT'), { code: 'ENOENT', syscall: 'spawn aws' }), { verb: 'list', resource: 'nodes' }, withExec);
    expect(missing.code).toBe('CONFIG');
    expect(missing.message).toContain('not on the PATH');
  });

  it('apiStatus parses the raw Status body', () => {
    expect(apiStatus(status(429, 'TooManyRequests', 'slow down'))).toMatchObject({ code: 429, status: { reason: 'TooManyRequests', message: 'slow down' } });
    expect(apiStatus(new Error('x'))).toBeUndefined();
    expect(apiStatus(new ApiException(502, 'Bad Gateway', '<html>bad gateway</html>', {}))).toEqual({ code: 502, status: { message: '<html>bad gateway</html>' } });
  });
});
