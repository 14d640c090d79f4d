// What every dextre command shares: --json with a typed result, the exit code taken from the result,
// errors as one paragraph with the documented exit code (a stack trace only with --debug), and
// `{"error": {"code", "message"}, "exitCode"}` on stdout for errors under --json.
import { Command, Errors } from '@oclif/core';
import { joinNegativeValues } from '../config/argv.js';
import { VALUE_FLAGS } from '../config/flags.js';
import type { RollResult } from '../core/result.js';
import { describeError } from './errors.js';
import { exitCodeFor } from './exit-codes.js';

export abstract class DextreCommand extends Command {
  static override enableJsonFlag = true;

  protected override async init(): Promise<void> {
    await super.init();
    this.argv = joinNegativeValues(this.argv, VALUE_FLAGS);
  }

  /**
   * Ends a command with a result: the exit code comes from the outcome; the text form goes to stdout
   * unless --json, in which case oclif prints the returned value (and only it) on stdout.
   */
  protected finish<R extends Pick<RollResult, 'outcome'> & { blockers?: readonly unknown[]; error?: unknown }>(result: R, text?: string): R {
    process.exitCode = exitCodeFor(result);
    if (!this.jsonEnabled() && text !== undefined) process.stdout.write(`${text}\n`);
    return result;
  }

  /** Plain JSON, never colourised: it is read by programs. */
  override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  }

  protected override toErrorJson(err: unknown): unknown {
    const report = describeError(err, this.id);
    return { error: { code: report.code, message: report.message }, exitCode: report.exitCode };
  }

  override async catch(err: Errors.CLIError | Error): Promise<unknown> {
    if (err instanceof Errors.ExitError) throw err;
    // A flag error was reported here; without this oclif (under NODE_ENV=development or test) would add a
    // misleading "did not parse its arguments" warning.
    this.parsed = true;
    const report = describeError(err, this.id);
    process.exitCode = report.exitCode;
    if (this.jsonEnabled()) this.logJson(this.toErrorJson(err));
    else process.stderr.write(`Error: ${report.message}\n`);
    if (this.debugRequested()) process.stderr.write(`${err.stack ?? String(err)}\n`);
    return undefined;
  }

  private debugRequested(): boolean {
    return this.argv.includes('--debug');
  }
}
