// A re-run resumes an unfinished roll only when it asks for the same roll; each difference is named with
// the flag that makes it, so the person can re-run with that roll's flags (or --restart).
import { describe, expect, it } from 'vitest';
import { resumeConflicts } from '../../../src/core/roll/resume.js';
import { parseWindows } from '../../../src/core/window.js';
import { rollOptions } from '../builders.js';

describe('resumeConflicts', () => {
  const recorded = rollOptions();
  it.each([
    ['the same roll', {}, []],
    ['another surge', { surge: '1' }, [`--surge ${recorded.surge} in the unfinished roll, 1 now`]],
    ['another group', { groups: ['web'] }, ['--group (not given) in the unfinished roll, web now']],
    ['the same groups in another order', { groups: [] }, []],
    ['pre-pull turned off', { prepull: !recorded.prepull }, [`--prepull/--no-prepull ${String(recorded.prepull)} in the unfinished roll, ${String(!recorded.prepull)} now`]],
    ['--force added', { force: true }, ['--force false in the unfinished roll, true now']],
    ['a selector added', { selector: 'zone=a' }, ['--selector (not given) in the unfinished roll, zone=a now']],
    // A roll paused or stopped outside one window goes on in another: the windows are not the roll.
    ['a maintenance window added', { windows: parseWindows(['Sat 02:00-06:00 Europe/Berlin']) }, []],
  ])('%s', (_name, change, expected) => {
    expect(resumeConflicts(recorded, { ...recorded, ...change })).toEqual(expected);
  });

  it('groups named in another order are the same roll', () => {
    expect(resumeConflicts({ ...recorded, groups: ['a', 'b'] }, { ...recorded, groups: ['b', 'a'] })).toEqual([]);
  });

  it('a journal written before options were recorded resumes as it is', () => {
    expect(resumeConflicts(undefined, { ...recorded, surge: '9' })).toEqual([]);
  });
});
