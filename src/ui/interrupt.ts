// Ctrl-C during a roll: the first asks the engine to stop launching and take the failure path (uncordon
// what is not drained, restore the groups; outcome `interrupted`, exit 4); a second one quits at once and
// leaves the journal for a re-run to resume.
import { ExitCode } from '../core/errors.js';

/** Installs the handlers; returns a function that removes them. */
export function onInterrupt(
  controller: AbortController,
  out: NodeJS.WritableStream = process.stderr,
  stopping = 'stopping the roll — nodes not yet drained are uncordoned and the groups restored',
): () => void {
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      out.write(`\n${signal} again: quitting now. The journal is kept; re-run the same command to resume.\n`);
      process.exit(ExitCode.Interrupted);
    }
    out.write(`\n${signal}: ${stopping}. Press Ctrl-C again to quit at once.\n`);
    controller.abort(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
