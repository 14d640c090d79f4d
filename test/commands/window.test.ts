// `--window` through the built CLI on the demo simulator, whose virtual clock starts Thursday 2026-01-01 00:00 UTC.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cli, json, type CliRun } from './cli.js';
import { expectKnownFlagsAndCommands } from '../support/known-flags.js';

beforeAll(assertBuilt);

/** The error object `--json` prints for a command that failed. */
const failure = (run: CliRun) => json<{ error: { code: string; message: string } }>(run).error;

const ROLL = ['roll', 'nodes', '--cluster', 'demo', '--yes', '--json', '--speed', 'max', '--journal', 'journal.json'];

describe('dextre roll nodes --window', () => {
  it('a window that does not parse: exit 2 naming the bad part, before anything is read or written', () => {
    const run = cli([...ROLL, '--window', 'Sat 02:00-06:00', '--window', 'Weekend 02:00-06:00']);
    expect(run.status).toBe(2);
    const error = failure(run);
    expect(error.code).toBe('USAGE');
    expect(error.message).toContain('--window "Weekend 02:00-06:00": "Weekend" is not a day');
    expectKnownFlagsAndCommands(error.message);
    expect(existsSync(join(run.cwd, 'journal.json'))).toBe(false);
  });

  it('started outside every window: exit 6 at once naming the next opening, nothing changed', () => {
    const run = cli([...ROLL, '--window', 'Fri 01:00-05:00 Europe/Berlin', '--window', 'Sat,Sun 22:00-02:00']);
    expect(run.status).toBe(6);
    const error = failure(run);
    expect(error.code).toBe('OUTSIDE_WINDOW');
    // Friday 01:00 in Berlin (UTC+1 in January) is Thursday 24:00 UTC, before Saturday's window.
    expect(error.message).toContain('The next window opens Fri 2026-01-02 01:00 Europe/Berlin (2026-01-02T00:00:00Z)');
    expect(error.message).toContain('nothing was changed');
    expectKnownFlagsAndCommands(error.message);
    expect(existsSync(join(run.cwd, 'journal.json'))).toBe(false);
  });

  it('a window that closes mid-roll: outcome paused, exit 6, the journal kept for the next run', () => {
    const run = cli([...ROLL, '--window', 'Thu 00:00-00:06']);
    expect(run.status, run.stderr).toBe(6);
    const result = json<{ outcome: string; error: { code: string; message: string }; nodes: { action: string }[] }>(run);
    expect(result.outcome).toBe('paused');
    expect(result.error.code).toBe('OUTSIDE_WINDOW');
    expect(result.error.message).toContain('The next window opens Thu 2026-01-08 00:00 UTC');
    expectKnownFlagsAndCommands(result.error.message);
    expect(result.nodes.some((n) => n.action === 'replaced')).toBe(true);
    expect(JSON.parse(readFileSync(join(run.cwd, 'journal.json'), 'utf8'))).toMatchObject({ phase: 'finished', outcome: 'paused' });
  });

  it('in text, the headline says the roll paused', () => {
    const run = cli(['roll', 'nodes', '--cluster', 'demo', '--yes', '--speed', 'max', '--window', 'Thu 00:00-00:06']);
    expect(run.status, run.stderr).toBe(6);
    expect(run.stdout).toMatch(/^Roll of demo paused outside its maintenance windows: \d+ of 15 nodes replaced/);
    expect(run.stdout).toContain('Error [OUTSIDE_WINDOW]');
  });
});

describe('dextre roll nodes --help', () => {
  it('documents --window with an example', () => {
    const run = cli(['roll', 'nodes', '--help']);
    expect(run.status, run.stderr).toBe(0);
    // oclif wraps long lines (an example's with a backslash): read the text as one line.
    const text = run.stdout.replace(/\s*\\\n\s*/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('--window=WINDOW... Maintenance window (repeatable)');
    expect(text).toContain('--window "Sat 02:00-06:00 Europe/Berlin"');
  });
});

describe('dextre plan --window', () => {
  it('--simulate rehearses the whole roll, whatever the window says now', () => {
    const run = cli(['plan', '--cluster', 'demo', '--simulate', '--json', '--window', 'Fri 00:00-01:00']);
    expect(run.status, run.stderr).toBe(0);
    const result = json<{ maintenanceWindow: { open: boolean }; prediction: { outcome: string } }>(run);
    expect(result.maintenanceWindow.open).toBe(false);
    expect(result.prediction.outcome).toBe('succeeded');
  });

  it('says whether now is inside a window, and until when', () => {
    const open = cli(['plan', '--cluster', 'demo', '--window', 'daily 23:00-02:00 UTC']);
    expect(open.status, open.stderr).toBe(0);
    expect(open.stdout).toContain('Maintenance window: open now (--window "daily 23:00-02:00 UTC", until 2026-01-01 02:00 UTC (2026-01-01T02:00:00Z))');
    const closed = cli(['plan', '--cluster', 'demo', '--json', '--window', 'Mon-Fri 09:00-17:00 America/New_York']);
    expect(closed.status, closed.stderr).toBe(0);
    expect(json<{ maintenanceWindow: unknown }>(closed).maintenanceWindow).toEqual({
      open: false,
      message: expect.stringContaining('the next opens Thu 2026-01-01 09:00 America/New_York (2026-01-01T14:00:00Z)'),
    });
  });
});
