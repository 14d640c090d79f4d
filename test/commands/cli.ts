// Runs the built CLI (`node bin/run.js`, as users do after `npm run build`; `npm test` builds first)
// in a scratch directory, so journals never collide between tests running in parallel.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RollResult } from '../../src/core/result.js';
import { scratchDir } from '../support/scratch.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'run.js');
export const fixture = (name: string) => join(ROOT, 'fixtures', 'clusters', name);

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Real milliseconds the process took. */
  millis: number;
  /** The scratch directory the CLI ran in (its default journal lands under `.dextre/` there). */
  cwd: string;
  /** The process id it ran as (cliAsync only): the lock's holder identity is `<hostname>/<pid>`. */
  pid?: number;
}

export function assertBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'commands', 'roll', 'nodes.js'))) {
    throw new Error('The CLI is not built: run `npm run build` first (`npm test` does).');
  }
}

function environment(): NodeJS.ProcessEnv {
  return { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' };
}

/** Runs synchronously, stdin a closed pipe (no TTY); killed after `timeoutMs`. */
export function cli(args: string[], timeoutMs = 60_000, env: NodeJS.ProcessEnv = {}): CliRun {
  const cwd = scratchDir('dextre-cli-');
  const started = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...environment(), ...env }, input: '', encoding: 'utf8', timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, millis: Date.now() - started, cwd };
}

/**
 * Runs asynchronously, so several runs can go in parallel; `onStderr` sees stderr so far and may signal the child;
 * `onSpawn` hears the child's pid as soon as it runs (a test may kill it from elsewhere, such as a server hook).
 */
export function cliAsync(
  args: string[],
  onStderr?: (stderr: string, signal: (name: NodeJS.Signals) => void) => void,
  env: NodeJS.ProcessEnv = {},
  timeoutMs?: number,
  onSpawn?: (pid: number) => void,
): Promise<CliRun> {
  const cwd = scratchDir('dextre-cli-');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...environment(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid !== undefined) onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      onStderr?.(stderr, (name) => child.kill(name));
    });
    // A run that outlives `timeoutMs` is interrupted (SIGTERM), so a test sees what it was doing.
    const timer = timeoutMs !== undefined ? setTimeout(() => child.kill('SIGTERM'), timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, millis: Date.now() - started, cwd, ...(child.pid !== undefined ? { pid: child.pid } : {}) });
    });
  });
}

/** stdout parsed as JSON; throws with the streams when it is not JSON. */
export function json<T = RollResult>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.status}).\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`);
  }
}

export interface ErrorJson {
  error: { code: string; message: string };
  exitCode: number;
}
