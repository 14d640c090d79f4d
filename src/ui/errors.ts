// Any failure, as the CLI reports it: a code, one paragraph, the documented exit code. oclif's own parse
// errors are usage errors (exit 2); an error dextre did not anticipate is a bug (exit 1) with a pointer
// to --debug for the stack.
import { Errors } from '@oclif/core';
import { ExitCode, isDextreError } from '../core/errors.js';

export interface ErrorReport {
  code: string;
  message: string;
  exitCode: number;
}

export function describeError(e: unknown, commandId = ''): ErrorReport {
  if (isDextreError(e)) return { code: e.code, message: e.message, exitCode: e.exitCode };
  if (e instanceof Errors.CLIError && 'parse' in e) {
    const text = e.message.replace(/\n?See more help with --help\s*$/, '').replace(/\s*\n\s*/g, ' ').trim();
    const help = commandId ? `dextre ${commandId.replaceAll(':', ' ')} --help` : 'dextre --help';
    return { code: 'USAGE', message: `${text}${/[.!?]$/.test(text) ? '' : '.'} See \`${help}\` for the flags.`, exitCode: ExitCode.Usage };
  }
  const message = e instanceof Error ? e.message : String(e);
  return {
    code: 'INTERNAL',
    message: `Unexpected error: ${message}. This is a bug in dextre; re-run with --debug for the stack trace and report it.`,
    exitCode: ExitCode.Failed,
  };
}
