// Ctrl-C during a roll (or a drain): the first asks the engine to stop and take the failure path (a roll
// uncordons what is not drained and restores the groups; a drain evicts nothing more; outcome
// `interrupted`, exit 4); a second one quits at once, and a re-run resumes (a roll from its journal).
import { ExitCode } from '../core/errors.js';

/** What the first and the second Ctrl-C say. */
export interface InterruptTexts {
  stopping: string;
  quitting: string;
}

const ROLL: InterruptTexts = {
  stopping: 'stopping the roll — nodes not yet drained are uncordoned and the groups restored',
  quitting: 'The journal is kept; re-run the same command to resume.',
};

/** Installs the handlers; returns a function that removes them. */
export function onInterrupt(controller: AbortController, out: NodeJS.WritableStream = process.stderr, texts: InterruptTexts = ROLL): () => void {
  const { stopping, quitting } = texts;
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      out.write(`\n${signal} again: quitting now. ${quitting}\n`);
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
