// AWS failures translated once, at the adapter's edge, into DextreErrors: one paragraph that names the
// IAM action (from the command sent, never parsed from AWS's text), the resource, and the fix. The
// SDK has already retried throttling and transient failures by the time an error gets here.
import { DextreError } from '../../core/errors.js';
import { IAM_ACTIONS, type IamService } from './api.js';

/** What an AWS error says, read from the SDK's exception (or a Node network error). */
export interface AwsFailure {
  /** The AWS error code (the exception's `name`: `ValidationError`, `RequestLimitExceeded`), or a Node code (`ECONNREFUSED`). */
  code: string;
  message: string;
  /** HTTP status of AWS's answer; undefined when none came (network, credentials, region). */
  status?: number;
  /** Requests made, retries included. */
  attempts?: number;
}

/** The request that failed, for the message. */
export interface FailedCall {
  service: IamService;
  command: string;
  /** What the request was about, in words: `Auto Scaling group web`, `instance i-0abc`. */
  resource: string;
  endpoint: string;
}

/**
 * The same translation serves `plan` (nothing to resume) and `roll nodes`: the advice may not claim a
 * roll is under way, only say what happens to one.
 */
const RESUMES = ' (a roll that stopped resumes from its journal)';

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'SlowDown']);
const FORBIDDEN = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess']);
/** Credentials AWS refused (expired, unknown, badly signed): a configuration problem, not a missing permission. */
const BAD_CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'AuthFailure',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'RequestExpired',
  'InvalidAccessKeyId',
]);
const CONTENTION = new Set(['ScalingActivityInProgress', 'ScalingActivityInProgressFault', 'ResourceContention', 'ResourceContentionFault']);
const SERVER = new Set(['InternalFailure', 'InternalError', 'InternalServerError', 'ServiceUnavailable', 'ServiceUnavailableException', 'Unavailable']);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** The AWS (or network) error inside `e`; undefined for something that is not an error at all. */
export function awsFailure(e: unknown): AwsFailure | undefined {
  if (!(e instanceof Error)) return undefined;
  const nodeCode = stringField(e, 'code');
  const metadata = field(e, '$metadata');
  const status = numberField(metadata, 'httpStatusCode');
  const attempts = numberField(metadata, 'attempts');
  // The SDK keeps AWS's code in `Code` (its `name` is the modelled shape: ScalingActivityInProgressFault);
  // a Node network error keeps the generic name `Error`, and its `code` says what happened.
  const code = stringField(e, 'Code') ?? (e.name === 'Error' && nodeCode !== undefined ? nodeCode : e.name);
  return {
    code,
    message: oneParagraph(e.message),
    ...(status !== undefined ? { status } : {}),
    ...(attempts !== undefined ? { attempts } : {}),
  };
}

export function translateAwsError(e: unknown, call: FailedCall): DextreError {
  if (e instanceof DextreError) return e;
  const failure = awsFailure(e);
  const action = `${call.service}:${call.command}`;
  if (!failure) return new DextreError('INTERNAL', `${action} on ${call.resource} failed: ${String(e)}`, { cause: e });
  const { code, message } = failure;
  const tries = failure.attempts !== undefined && failure.attempts > 1 ? ` after ${failure.attempts} attempts` : '';
  const said = message ? ` AWS said: ${message}` : '';

  if (code === 'CredentialsProviderError' || code === 'TokenProviderError') {
    return new DextreError(
      'CONFIG',
      `No AWS credentials for ${action}: ${message || 'none found'}. Set AWS_PROFILE (or the cluster's \`profile\` in dextre.yaml), ` +
        'run `aws sso login --profile <profile>` when the profile uses IAM Identity Center, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Nothing was changed by this call.',
      { cause: e },
    );
  }
  if (/^Region is missing/i.test(message)) {
    return new DextreError(
      'CONFIG',
      `No AWS region for ${action}: set AWS_REGION, the cluster's \`region\` in dextre.yaml, or \`region\` in the AWS profile. Nothing was changed by this call.`,
      { cause: e },
    );
  }
  if (BAD_CREDENTIALS.has(code)) {
    return new DextreError(
      'CONFIG',
      `AWS refused the credentials for ${action} (${code}).${said} Refresh them (\`aws sso login\`, or new access keys) and check AWS_PROFILE, then run the command again${RESUMES}.`,
      { cause: e },
    );
  }
  if (FORBIDDEN.has(code)) {
    return new DextreError(
      'FORBIDDEN',
      `Not authorized to perform ${action} on ${call.resource} (${code}). Add "${action}" to the IAM policy of the identity dextre runs as ` +
        `(dextre needs ${IAM_ACTIONS.join(', ')})${extraPermission(call)}, then run the command again${RESUMES}.${said}`,
      { cause: e },
    );
  }
  if (THROTTLING.has(code)) {
    return new DextreError(
      'THROTTLED',
      `AWS throttled ${action} on ${call.resource}${tries} (${code}). Another tool may be calling the ${call.service} API heavily in this account and region; ` +
        `wait a minute and run the command again${RESUMES}.`,
      { cause: e },
    );
  }
  if (CONTENTION.has(code)) {
    return new DextreError(
      'CONFLICT',
      `${action} on ${call.resource} collided with a change already in progress (${code}).${said} It is retried; if it persists, check the group's scaling activities.`,
      { cause: e },
    );
  }
  if (NETWORK.has(code) || SERVER.has(code) || (failure.status !== undefined && failure.status >= 500)) {
    return new DextreError(
      'UNAVAILABLE',
      `${call.endpoint} did not answer ${action} for ${call.resource}${tries} (${code}: ${message}). Check the network path to the endpoint ` +
        `(proxy, VPC endpoint, AWS_ENDPOINT_URL*) and the AWS Health Dashboard, then run the command again${RESUMES}.`,
      { cause: e },
    );
  }
  if (code === 'ValidationError' && /not found/i.test(message)) {
    return new DextreError('NOT_FOUND', `${action}: ${call.resource} was not found (${code}: ${message}).`, { cause: e });
  }
  return new DextreError(
    'INTERNAL',
    `AWS rejected ${action} on ${call.resource} (${code}: ${message}). The group may have changed while dextre worked; ` +
      'run `dextre plan` to see its state, and report this if it persists.',
    { cause: e },
  );
}

/** A permission some requests need besides their own action. */
function extraPermission(call: FailedCall): string {
  if (call.service === 'ec2' && call.command === 'DescribeLaunchTemplateVersions') {
    return '; a template whose AMI is a Systems Manager parameter also needs "ssm:GetParameters" on it';
  }
  return '';
}

function oneParagraph(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  const v = field(value, key);
  return typeof v === 'string' ? v : undefined;
}

function numberField(value: unknown, key: string): number | undefined {
  const v = field(value, key);
  return typeof v === 'number' ? v : undefined;
}
