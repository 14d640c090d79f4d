// Asking before a roll. Only on a terminal (stdin and stderr): anywhere else dextre refuses at once
// rather than wait for an answer that will never come.
import { createInterface } from 'node:readline';
import { DextreError } from '../core/errors.js';

export function canPrompt(streams: { stdin: { isTTY?: boolean }; stderr: { isTTY?: boolean } } = process): boolean {
  return streams.stdin.isTTY === true && streams.stderr.isTTY === true;
}

/** `verb`: what dextre would do (`roll`, `rebalance`); `preview`: the command that shows the plan instead. */
export function noTtyError(verb = 'roll', preview = '`dextre plan`'): DextreError {
  return new DextreError(
    'NO_TTY',
    `dextre asks for confirmation before it ${verb}s, and there is no terminal to ask on (stdin or stderr is not a TTY); ` +
      `refusing to ${verb} without confirmation; pass --yes to ${verb} unattended, or run ${preview} to see the plan.`,
  );
}

/** `yes`/`y` (any case) is a yes; anything else, an empty line or end of input is a no. */
export function isYes(answer: string | undefined): boolean {
  return answer !== undefined && /^(y|yes)$/i.test(answer.trim());
}

/** Asks `question` on stderr and reads one line from stdin. */
export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    const answer = await new Promise<string | undefined>((resolve) => {
      rl.once('close', () => resolve(undefined));
      rl.question(question, resolve);
    });
    return isYes(answer);
  } finally {
    rl.close();
    process.stdin.pause();
  }
}
