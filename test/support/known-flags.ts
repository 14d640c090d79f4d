// The flags and commands dextre has, read from the oclif command classes themselves: an error message
// that tells the user to pass a flag or run a command must name one of these.
import { expect } from 'vitest';
import Abort from '../../commands/abort.js';
import Cordon from '../../commands/cordon.js';
import Drain from '../../commands/drain.js';
import Plan from '../../commands/plan.js';
import Rebalance from '../../commands/rebalance.js';
import RollNodes from '../../commands/roll/nodes.js';
import SimServe from '../../commands/sim/serve.js';
import Snapshot from '../../commands/snapshot.js';
import Status from '../../commands/status.js';
import Uncordon from '../../commands/uncordon.js';

const COMMANDS = { abort: Abort, cordon: Cordon, drain: Drain, plan: Plan, rebalance: Rebalance, 'roll nodes': RollNodes, 'sim serve': SimServe, snapshot: Snapshot, status: Status, uncordon: Uncordon };

function flagNames(): Set<string> {
  const names = new Set<string>(['--help']);
  for (const command of Object.values(COMMANDS)) {
    for (const [name, flag] of Object.entries(command.flags)) {
      names.add(`--${name}`);
      if (flag.type === 'boolean' && flag.allowNo === true) names.add(`--no-${name}`);
    }
  }
  return names;
}

const FLAGS = flagNames();

/**
 * Fails when `message` names a dextre flag, or a `dextre …` command in backticks, that does not exist.
 * Other backticked command lines (`aws eks update-kubeconfig --name X`, `kubectl …`) are not ours.
 */
export function expectKnownFlagsAndCommands(message: string): void {
  const commands = [...message.matchAll(/`(dextre [^`]*)`/g)].map((m) => m[1] ?? '');
  const ours = [message.replace(/`[^`]*`/g, ''), ...commands].join(' ');
  for (const flag of ours.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? []) expect(FLAGS, `${flag} in: ${message}`).toContain(flag);
  for (const line of commands) {
    const words = line.split(' ').slice(1).filter((w) => /^[a-z]/.test(w));
    const said = words.join(' ');
    const known = Object.keys(COMMANDS).some((c) => said === c || said.startsWith(`${c} `));
    expect(known, `\`${line}\` in: ${message}`).toBe(true);
  }
}
