import { describe, expect, it } from 'vitest';
import { describeNextOpening, isOpen, nextOpening, openWindowAt, parseWindows, WINDOW_EXAMPLE, type Window } from '../../src/core/window.js';
import { usageError } from '../support/errors.js';
import { expectKnownFlagsAndCommands } from '../support/known-flags.js';

/** Epoch seconds of an ISO instant. */
const at = (iso: string): number => Date.parse(iso) / 1000;
const windows = (...values: string[]): Window[] => parseWindows(values);

describe('parseWindows', () => {
  it.each<[string, Omit<Window, 'source'>]>([
    ['Sat 02:00-06:00 Europe/Berlin', { days: [6], startMinute: 120, endMinute: 360, timeZone: 'Europe/Berlin' }],
    ['Mon-Fri 22:00-04:00', { days: [1, 2, 3, 4, 5], startMinute: 1320, endMinute: 240, timeZone: 'UTC' }],
    ['Sat,Sun 00:00-24:00 UTC', { days: [0, 6], startMinute: 0, endMinute: 1440, timeZone: 'UTC' }],
    ['daily 01:00-05:00', { days: [0, 1, 2, 3, 4, 5, 6], startMinute: 60, endMinute: 300, timeZone: 'UTC' }],
    ['* 1:00-5:30 America/New_York', { days: [0, 1, 2, 3, 4, 5, 6], startMinute: 60, endMinute: 330, timeZone: 'America/New_York' }],
    ['fri-mon 20:00-08:00 europe/berlin', { days: [0, 1, 5, 6], startMinute: 1200, endMinute: 480, timeZone: 'Europe/Berlin' }],
    ['Saturday 03:00-04:00', { days: [6], startMinute: 180, endMinute: 240, timeZone: 'UTC' }],
    ['  Sun   23:30-00:30   Asia/Tokyo ', { days: [0], startMinute: 1410, endMinute: 30, timeZone: 'Asia/Tokyo' }],
    ['Mon-Wed,Fri 09:00-17:00 Etc/UTC', { days: [1, 2, 3, 5], startMinute: 540, endMinute: 1020, timeZone: 'UTC' }],
    ['DAILY 00:00-23:59', { days: [0, 1, 2, 3, 4, 5, 6], startMinute: 0, endMinute: 1439, timeZone: 'UTC' }],
  ])('accepts %j', (value, expected) => {
    expect(parseWindows([value])).toStrictEqual([{ source: value.trim(), ...expected }]);
  });

  it.each<[string, string]>([
    ['', 'needs days and a time range'],
    ['Sat', 'needs days and a time range'],
    ['Sat 02:00-06:00 Mars/Olympus', '"Mars/Olympus" is not a time zone'],
    ['Sta 02:00-06:00', '"Sta" is not a day'],
    ['Sat 2-6', '"2" is not a time of day'],
    ['Sat 25:00-06:00', '"25:00" is not a time of day'],
    ['Sat 02:60-06:00', '"02:60" is not a time of day'],
    ['Sat 24:00-02:00', '"24:00" is not a time of day'],
    ['Sat 24:30-02:00', '"24:30" is not a time of day'],
    ['Sat 02:00-02:00', 'opens and closes at the same time'],
    ['Sat 00:00-00:00', 'opens and closes at the same time'],
    ['Sat 02:00', '"02:00" is not a time range'],
    ['Sat 02:00-06:00-08:00', '"02:00-06:00-08:00" is not a time range'],
    ['Sat 02:00-06:00 Europe/Berlin extra', '"extra" is left over'],
    ['Mon-Fri-Sun 02:00-04:00', '"Mon-Fri-Sun" is not a day range'],
    ['Sat,,Sun 01:00-02:00', '"" is not a day'],
    ['02:00-06:00 Europe/Berlin', 'starts with "02:00-06:00": put the days first'],
  ])('refuses %j naming the bad part and showing an example', (value, problem) => {
    const error = usageError(() => parseWindows(['daily 01:00-02:00', value]));
    expect(error.message).toContain(problem);
    expect(error.message).toContain(`--window "${value.trim()}"`);
    expect(error.message).toContain(WINDOW_EXAMPLE);
    expectKnownFlagsAndCommands(error.message);
  });
});

describe('isOpen', () => {
  // 2026-12-05 is a Saturday; Berlin is at UTC+1 in winter.
  it.each<[string, string, boolean]>([
    ['Sat 02:00-06:00 Europe/Berlin', '2026-12-05T00:59:59Z', false],
    ['Sat 02:00-06:00 Europe/Berlin', '2026-12-05T01:00:00Z', true],
    ['Sat 02:00-06:00 Europe/Berlin', '2026-12-05T04:59:59Z', true],
    ['Sat 02:00-06:00 Europe/Berlin', '2026-12-05T05:00:00Z', false],
    ['Sat 02:00-06:00 Europe/Berlin', '2026-12-12T01:00:00Z', true],
    ['Sat 02:00-06:00 Europe/Berlin', '2026-12-06T01:00:00Z', false],
    // Crossing midnight: Friday's window is still open early on Saturday, and Saturday's opening is not its own.
    ['Fri 22:00-04:00', '2026-12-05T03:59:00Z', true],
    ['Fri 22:00-04:00', '2026-12-05T04:00:00Z', false],
    ['Fri 22:00-04:00', '2026-12-05T22:30:00Z', false],
    ['Fri 22:00-04:00', '2026-12-04T22:00:00Z', true],
    // Summer in New York: UTC-4.
    ['Mon-Fri 09:00-17:00 America/New_York', '2026-07-01T13:00:00Z', true],
    ['Mon-Fri 09:00-17:00 America/New_York', '2026-07-01T12:59:00Z', false],
    ['Sat,Sun 00:00-24:00', '2026-12-06T23:59:59Z', true],
    ['Sat,Sun 00:00-24:00', '2026-12-07T00:00:00Z', false],
  ])('%j at %s: %s', (value, iso, open) => {
    expect(isOpen(windows(value), at(iso))).toBe(open);
  });

  it('is open when any of several windows is, and always when none are given', () => {
    const both = windows('Sat 02:00-03:00', 'Sun 02:00-03:00');
    expect(isOpen(both, at('2026-12-06T02:30:00Z'))).toBe(true);
    expect(isOpen(both, at('2026-12-06T03:30:00Z'))).toBe(false);
    expect(isOpen([], at('2026-12-06T03:30:00Z'))).toBe(true);
  });
});

describe('nextOpening', () => {
  it('is now inside a window, the next start outside, and undefined without windows', () => {
    const sat = windows('Sat 02:00-06:00 Europe/Berlin');
    expect(nextOpening(sat, at('2026-12-05T02:00:00Z'))).toBe(at('2026-12-05T02:00:00Z'));
    expect(nextOpening(sat, at('2026-12-05T05:00:00Z'))).toBe(at('2026-12-12T01:00:00Z'));
    expect(nextOpening(sat, at('2026-12-04T12:00:00Z'))).toBe(at('2026-12-05T01:00:00Z'));
    expect(nextOpening([], at('2026-12-04T12:00:00Z'))).toBeUndefined();
  });

  it('takes the earliest of several windows in different zones', () => {
    const two = windows('Sun 03:00-04:00 UTC', 'Sat 23:00-01:00 America/New_York');
    // Saturday 23:00 in New York (UTC-5) is Sunday 04:00 UTC, after the UTC window opens.
    expect(nextOpening(two, at('2026-12-05T12:00:00Z'))).toBe(at('2026-12-06T03:00:00Z'));
    expect(nextOpening(two, at('2026-12-06T03:30:00Z'))).toBe(at('2026-12-06T03:30:00Z'));
    expect(nextOpening(two, at('2026-12-06T04:00:00Z'))).toBe(at('2026-12-06T04:00:00Z'));
    expect(openWindowAt(two, at('2026-12-06T04:00:00Z'))?.end).toBe(at('2026-12-06T06:00:00Z'));
  });

  it('names the next opening in the window\'s own zone and in UTC', () => {
    expect(describeNextOpening(windows('Sat 02:00-06:00 Europe/Berlin'), at('2026-12-05T05:00:00Z'))).toBe(
      'Sat 2026-12-12 02:00 Europe/Berlin (2026-12-12T01:00:00Z)',
    );
    expect(describeNextOpening([], 0)).toBeUndefined();
  });
});

// Daylight-saving days (EU: last Sunday of March and October at 01:00 UTC; US: second Sunday of March and first
// of November at 02:00 local). A wall time skipped by a spring-forward is read with the offset before the jump
// (it lands that much later); one that occurs twice on a fall-back is its first occurrence (RFC 5545, Temporal).
describe('daylight saving', () => {
  it('Berlin spring forward: a window opening in the skipped hour opens when the clocks reach the same distance past 03:00', () => {
    const w = windows('Sun 02:30-05:00 Europe/Berlin');
    // 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC); 02:30 "CET" is 01:30 UTC, i.e. 03:30 CEST.
    expect(isOpen(w, at('2026-03-29T01:29:59Z'))).toBe(false);
    expect(isOpen(w, at('2026-03-29T01:30:00Z'))).toBe(true);
    expect(openWindowAt(w, at('2026-03-29T01:30:00Z'))?.end).toBe(at('2026-03-29T03:00:00Z'));
    expect(nextOpening(w, at('2026-03-28T12:00:00Z'))).toBe(at('2026-03-29T01:30:00Z'));
  });

  it('Berlin spring forward: the window is one hour shorter in real time', () => {
    const opening = openWindowAt(windows('Sun 01:00-06:00 Europe/Berlin'), at('2026-03-29T01:00:00Z'));
    expect(opening).toMatchObject({ start: at('2026-03-29T00:00:00Z'), end: at('2026-03-29T04:00:00Z') });
  });

  it('Berlin fall back: a time that occurs twice is its first occurrence, so the window is an hour longer', () => {
    const w = windows('Sun 02:30-05:00 Europe/Berlin');
    // 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC); the first 02:30 is CEST (00:30 UTC).
    expect(isOpen(w, at('2026-10-25T00:29:59Z'))).toBe(false);
    expect(isOpen(w, at('2026-10-25T00:30:00Z'))).toBe(true);
    expect(isOpen(w, at('2026-10-25T01:30:00Z'))).toBe(true);
    expect(openWindowAt(w, at('2026-10-25T01:30:00Z'))?.end).toBe(at('2026-10-25T04:00:00Z'));
  });

  it('Berlin fall back: a window closing at a repeated time closes at its first occurrence', () => {
    const w = windows('Sun 01:00-02:30 Europe/Berlin');
    expect(isOpen(w, at('2026-10-25T00:15:00Z'))).toBe(true);
    // 01:15 UTC is 02:15 CET, the second time the clocks show 02:15: the window has closed.
    expect(isOpen(w, at('2026-10-25T01:15:00Z'))).toBe(false);
  });

  it('New York spring forward: a window wholly inside the skipped hour does not open that day', () => {
    const w = windows('Sun 02:15-03:10 America/New_York');
    // 2026-03-08: 02:00 EST becomes 03:00 EDT (07:00 UTC). 02:15 "EST" is 07:15 UTC, after 03:10 EDT (07:10 UTC).
    expect(isOpen(w, at('2026-03-08T07:12:00Z'))).toBe(false);
    // The next Sunday it opens at 02:15 EDT (06:15 UTC).
    expect(nextOpening(w, at('2026-03-08T00:00:00Z'))).toBe(at('2026-03-15T06:15:00Z'));
  });

  it('New York fall back: a window across the repeated hour covers both 01:30s', () => {
    const w = windows('Sun 01:30-02:00 America/New_York');
    // 2026-11-01: 02:00 EDT becomes 01:00 EST (06:00 UTC). Opens at 01:30 EDT (05:30 UTC), closes 02:00 EST (07:00 UTC).
    expect(openWindowAt(w, at('2026-11-01T05:30:00Z'))).toMatchObject({ start: at('2026-11-01T05:30:00Z'), end: at('2026-11-01T07:00:00Z') });
    expect(isOpen(w, at('2026-11-01T06:45:00Z'))).toBe(true);
    expect(isOpen(w, at('2026-11-01T07:00:00Z'))).toBe(false);
  });
});
