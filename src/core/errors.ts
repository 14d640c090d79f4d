// The small vocabulary of errors dextre raises. Adapters translate every failure into one of these at
// their edge; the CLI prints `message` (one paragraph naming the fix) and exits with `exitCode`.

/** The documented exit codes (README, `--help`). */
export const ExitCode = {
  Success: 0,
  Failed: 1,
  Usage: 2,
  Blocked: 3,
  Interrupted: 4,
  Locked: 5,
  OutsideWindow: 6,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODE_TABLE: readonly { code: ExitCode; meaning: string }[] = [
  { code: 0, meaning: 'success (or nothing to do, or a plan without blockers was printed)' },
  { code: 1, meaning: 'the roll failed' },
  { code: 2, meaning: 'usage or configuration error (nothing was changed)' },
  { code: 3, meaning: 'blocked: a PodDisruptionBudget, a blocking pod or a timeout stopped the roll (for plan: the plan has blockers)' },
  { code: 4, meaning: 'interrupted (signal or abort); the journal lets a re-run resume' },
  { code: 5, meaning: 'another dextre (a roll, a rebalance or an abort) holds the lock on this cluster' },
  { code: 6, meaning: 'outside the maintenance window' },
];

export type ErrorCode =
  | 'USAGE'
  | 'CONFIG'
  | 'FIXTURE'
  | 'UNKNOWN_CLUSTER'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'THROTTLED'
  | 'UNAVAILABLE'
  | 'FORBIDDEN'
  | 'BLOCKED'
  | 'TIMEOUT'
  | 'INTERRUPTED'
  | 'LOCKED'
  | 'OUTSIDE_WINDOW'
  | 'NO_TTY'
  | 'SIMULATION_STALLED'
  | 'INTERNAL';

const EXIT_BY_CODE: Record<ErrorCode, ExitCode> = {
  USAGE: ExitCode.Usage,
  CONFIG: ExitCode.Usage,
  FIXTURE: ExitCode.Usage,
  UNKNOWN_CLUSTER: ExitCode.Usage,
  NO_TTY: ExitCode.Usage,
  NOT_FOUND: ExitCode.Failed,
  CONFLICT: ExitCode.Failed,
  THROTTLED: ExitCode.Failed,
  UNAVAILABLE: ExitCode.Failed,
  FORBIDDEN: ExitCode.Failed,
  SIMULATION_STALLED: ExitCode.Failed,
  INTERNAL: ExitCode.Failed,
  BLOCKED: ExitCode.Blocked,
  TIMEOUT: ExitCode.Blocked,
  INTERRUPTED: ExitCode.Interrupted,
  LOCKED: ExitCode.Locked,
  OUTSIDE_WINDOW: ExitCode.OutsideWindow,
};

/** Transient failures a caller may retry with backoff. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['THROTTLED', 'UNAVAILABLE', 'CONFLICT']);

export class DextreError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DextreError';
    this.code = code;
    this.exitCode = EXIT_BY_CODE[code];
    this.retryable = RETRYABLE.has(code);
  }
}

export function isDextreError(e: unknown): e is DextreError {
  return e instanceof DextreError;
}

/** Exhaustiveness check for `switch` over a union. */
export function assertNever(value: never): never {
  throw new DextreError('INTERNAL', `unexpected value ${JSON.stringify(value)}`);
}
