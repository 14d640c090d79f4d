// The errors the served AWS answers with: a code, a message and an HTTP status, as the real services
// send them. The SDK names its exception after the code and decides on retries from the code and the
// status (Throttling / RequestLimitExceeded are throttling; 500 and 503 are transient).
import { DextreError } from '../../../core/errors.js';

export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status: 400 for the caller's mistakes, 5xx for the service's own failures. */
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/** Auto Scaling's error for a request that breaks a rule (retrying it will not help). */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message);
}

/** The message AWS's request validation gives for a number out of range (Auto Scaling). */
export function rangeError(param: string, value: number, bound: 'greater' | 'less', limit: number): AwsError {
  const lowerCamel = param.charAt(0).toLowerCase() + param.slice(1);
  return validationError(
    `1 validation error detected: Value '${value}' at '${lowerCamel}' failed to satisfy constraint: Member must have value ${bound} than or equal to ${limit}`,
  );
}

export function invalidAction(action: string): AwsError {
  return new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`);
}

/**
 * The simulator's own errors carry the AWS code first (`ValidationError: Desired capacity:…`), as
 * src/sim/aws/asg.ts raises them for the in-process port; served, they become that code and message.
 * Anything else is the service failing: InternalFailure, 500.
 */
export function fromSimulator(e: unknown): AwsError {
  if (e instanceof AwsError) return e;
  if (e instanceof DextreError) {
    const match = /^([A-Za-z][A-Za-z0-9.]*): ([\s\S]*)$/.exec(e.message);
    if (match?.[1] !== undefined && match[2] !== undefined) return new AwsError(match[1], match[2]);
  }
  const message = e instanceof Error ? e.message : String(e);
  return new AwsError('InternalFailure', `The request processing has failed because of an unknown error: ${message}`, 500);
}
