// Wall-clock time in an IANA time zone, through the runtime's Intl time-zone database (no dependency).
// Pure: the same zone and instant always give the same answer; nothing here reads the clock.
import { DextreError } from './errors.js';

/** A calendar date (month 1–12) with no time zone attached. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const SECONDS_PER_DAY = 86_400;

// One formatter per zone: building an Intl.DateTimeFormat is far slower than using one.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (found === undefined) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/**
 * The canonical name of an IANA time zone (`europe/berlin` → `Europe/Berlin`, `UTC`), or undefined when the
 * runtime's time-zone database does not know it.
 */
export function canonicalTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch (e: unknown) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/** The wall clock in `timeZone` at `epochSeconds`, as seconds since 1970-01-01T00:00 of that wall clock. */
function wallSeconds(timeZone: string, epochSeconds: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochSeconds * 1000))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const field = (name: string): number => {
    const value = parts[name];
    if (value === undefined) throw new DextreError('INTERNAL', `Intl.DateTimeFormat gave no ${name} for ${timeZone}`);
    return value;
  };
  const wall = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
  return Math.floor(wall / 1000);
}

/** Seconds east of UTC that `timeZone` is at `epochSeconds` (Europe/Berlin in summer: 7200). */
export function utcOffsetSeconds(timeZone: string, epochSeconds: number): number {
  return wallSeconds(timeZone, Math.floor(epochSeconds)) - Math.floor(epochSeconds);
}

/** The calendar date in `timeZone` at `epochSeconds`. */
export function localDateAt(timeZone: string, epochSeconds: number): LocalDate {
  const wall = new Date(wallSeconds(timeZone, Math.floor(epochSeconds)) * 1000);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** `date` moved by `days` (may be negative), across month and year ends. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** Day of the week of a calendar date: 0 = Sunday … 6 = Saturday. */
export function weekday(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/**
 * The instant (epoch seconds) at which the wall clock in `timeZone` shows `minute` minutes after midnight of `date`
 * (`minute` may be 1440: midnight that ends the day).
 *
 * Daylight-saving transitions, as RFC 5545 (iCalendar) and JavaScript's Temporal ("compatible") resolve them:
 * - a wall time that does not exist (skipped when clocks spring forward) is read with the offset in force before
 *   the jump, so it lands as far after the jump as it was after its start (02:30 on a day Berlin jumps from 02:00 to
 *   03:00 is 03:30 CEST);
 * - a wall time that occurs twice (clocks fall back) is its first occurrence (02:30 on a day Berlin goes from 03:00
 *   back to 02:00 is 02:30 CEST, not 02:30 CET).
 */
export function instantOf(timeZone: string, date: LocalDate, minute: number): number {
  const wall = Math.floor(Date.UTC(date.year, date.month - 1, date.day, 0, minute) / 1000);
  // Zones change their offset at most once a day, so the offsets a day before and a day after are the only two
  // that can apply to this wall time.
  const before = utcOffsetSeconds(timeZone, wall - SECONDS_PER_DAY);
  const after = utcOffsetSeconds(timeZone, wall + SECONDS_PER_DAY);
  const matching = [wall - before, wall - after].filter((t) => t + utcOffsetSeconds(timeZone, t) === wall);
  if (matching.length === 0) return wall - before;
  return Math.min(...matching);
}

/** `2026-12-12 02:00` — the wall clock in `timeZone` at `epochSeconds`, to the minute. */
export function formatWallClock(timeZone: string, epochSeconds: number): string {
  return new Date(wallSeconds(timeZone, Math.floor(epochSeconds)) * 1000).toISOString().slice(0, 16).replace('T', ' ');
}
