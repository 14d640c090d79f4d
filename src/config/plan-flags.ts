// The flags only `plan` takes: --simulate (rehearse the roll on a simulator) and --report FILE.html, checked
// before anything reads the cluster.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { DextreError } from '../core/errors.js';

export const planFlags = {
  simulate: Flags.boolean({
    summary: 'Rehearse the roll with the real engine on a fresh simulator of the cluster, in virtual time, and predict its timeline.',
    default: false,
  }),
  report: Flags.string({
    summary: 'Also write the plan (and with --simulate the timeline and capacity curve) as one self-contained HTML page.',
    helpValue: 'FILE.html',
  }),
};

/** `--report`'s absolute path; a USAGE error when its directory does not exist or the path is a directory. */
export function reportPathFrom(value: string | undefined, cwd: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new DextreError('USAGE', '--report is empty. Pass the path of the HTML file to write, such as plan.html.');
  const path = resolve(cwd, value);
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new DextreError('USAGE', `--report ${value} is a directory. Pass the path of the HTML file to write, such as ${value.replace(/\/+$/, '')}/plan.html.`);
  }
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DextreError('USAGE', `--report ${value}: the directory ${dir} does not exist. Create it, or pass a path in an existing directory.`);
  }
  return path;
}
