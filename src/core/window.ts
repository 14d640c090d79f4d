// Maintenance windows (`--window "Sat 02:00-06:00 Europe/Berlin"`): when a roll may start a new node.
// Pure: parse the strings once, then ask whether an instant is inside a window and when the next one opens.
import { DextreError } from './errors.js';
import { addDays, canonicalTimeZone, formatWallClock, instantOf, localDateAt, weekday, type LocalDate } from './time-zone.js';

/** One maintenance window, repeating every week on its days. */
export interface Window {
  /** The text given, for messages. */
  source: string;
  /** Days the window opens on, 0 = Sunday … 6 = Saturday, ascending. */
  days: number[];
  /** Opening time, in minutes after local midnight (0–1439). */
  startMinute: number;
  /** Closing time, in minutes after local midnight (1–1440). At or before the start: it closes the next day. */
  endMinute: number;
  /** IANA time zone the times are wall-clock times in (default UTC). */
  timeZone: string;
}

/** One opening of a window: [start, end) in epoch seconds. */
export interface WindowOpening {
  window: Window;
  start: number;
  end: number;
}

export const WINDOW_EXAMPLE = 'Sat 02:00-06:00 Europe/Berlin';

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const FULL_DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const MINUTES_PER_DAY = 1440;

function usage(source: string, problem: string): DextreError {
  return new DextreError(
    'USAGE',
    `--window "${source}": ${problem}. A window is days, a time range and an optional IANA time zone (UTC when left out), ` +
      `for example --window "${WINDOW_EXAMPLE}", "Mon-Fri 22:00-04:00 America/New_York" (ends the next morning) or "daily 01:00-05:00".`,
  );
}

function dayNumber(source: string, name: string): number {
  const lower = name.toLowerCase();
  const short = DAY_NAMES.indexOf(lower as (typeof DAY_NAMES)[number]);
  if (short >= 0) return short;
  const full = FULL_DAY_NAMES.indexOf(lower as (typeof FULL_DAY_NAMES)[number]);
  if (full >= 0) return full;
  throw usage(source, `"${name}" is not a day (use Mon, Tue, Wed, Thu, Fri, Sat, Sun, a range such as Mon-Fri, a list such as Sat,Sun, or daily)`);
}

/** `Sat`, `Mon-Fri`, `Fri-Mon` (wraps over the weekend), `Sat,Sun`, `Mon-Wed,Fri`, `daily` or `*`. */
function parseDays(source: string, spec: string): number[] {
  if (/^\d/.test(spec)) throw usage(source, `it starts with "${spec}": put the days first (Sat, Mon-Fri or daily)`);
  if (spec === '*' || spec.toLowerCase() === 'daily') return [...EVERY_DAY];
  const days = new Set<number>();
  for (const item of spec.split(',')) {
    const ends = item.split('-');
    if (ends.length === 1) {
      days.add(dayNumber(source, item));
    } else if (ends.length === 2) {
      const [first, last] = [dayNumber(source, ends[0] ?? ''), dayNumber(source, ends[1] ?? '')];
      for (let d = first; ; d = (d + 1) % 7) {
        days.add(d);
        if (d === last) break;
      }
    } else {
      throw usage(source, `"${item}" is not a day range (write it as Mon-Fri)`);
    }
  }
  return [...days].sort((a, b) => a - b);
}

/** `HH:MM` as minutes after midnight; `24:00` only where `allowMidnightEnd`. */
function parseClock(source: string, text: string, allowMidnightEnd: boolean): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  const [hours, minutes] = [Number(match?.[1]), Number(match?.[2])];
  if (match === null || minutes > 59 || hours > 24 || (hours === 24 && (minutes !== 0 || !allowMidnightEnd))) {
    throw usage(source, `"${text}" is not a time of day (use HH:MM from 00:00 to 23:59; 24:00 only as the end)`);
  }
  return hours * 60 + minutes;
}

function parseRange(source: string, range: string): { startMinute: number; endMinute: number } {
  const ends = range.split('-');
  if (ends.length !== 2) throw usage(source, `"${range}" is not a time range (write it as HH:MM-HH:MM)`);
  const startMinute = parseClock(source, ends[0] ?? '', false);
  const endMinute = parseClock(source, ends[1] ?? '', true);
  if (startMinute === endMinute % MINUTES_PER_DAY && endMinute !== MINUTES_PER_DAY) {
    throw usage(source, `"${range}" opens and closes at the same time (for a whole day write 00:00-24:00)`);
  }
  return { startMinute, endMinute };
}

function parseTimeZone(source: string, name: string | undefined): string {
  if (name === undefined) return 'UTC';
  const zone = canonicalTimeZone(name);
  if (zone === undefined) throw usage(source, `"${name}" is not a time zone this runtime knows (use an IANA name such as Europe/Berlin, America/New_York or UTC)`);
  return zone;
}

/** One `--window` value. */
export function parseWindow(value: string): Window {
  const source = value.trim();
  const words = source.split(/\s+/).filter((w) => w !== '');
  if (words.length < 2 || words.length > 3) {
    throw usage(source, words.length < 2 ? 'it needs days and a time range' : `"${words.slice(3).join(' ')}" is left over after the time zone`);
  }
  const [daySpec, range, zone] = words as [string, string, string | undefined];
  return { source, days: parseDays(source, daySpec), ...parseRange(source, range), timeZone: parseTimeZone(source, zone) };
}

/** Every `--window` value; throws a USAGE DextreError naming the first bad one. */
export function parseWindows(values: readonly string[]): Window[] {
  return values.map(parseWindow);
}

/** The opening of `window` that starts on local `date`, or undefined when it does not open that day. */
function openingOn(window: Window, date: LocalDate): WindowOpening | undefined {
  if (!window.days.includes(weekday(date))) return undefined;
  const start = instantOf(window.timeZone, date, window.startMinute);
  const closesNextDay = window.endMinute <= window.startMinute;
  const end = instantOf(window.timeZone, closesNextDay ? addDays(date, 1) : date, window.endMinute);
  // When clocks spring forward, an opening time in the skipped hour moves later by the jump (see instantOf); if
  // that puts it at or after the closing time, the window does not open that day.
  return end > start ? { window, start, end } : undefined;
}

/** Openings of `windows` that have not closed by `epochSeconds`, over the next week, earliest start first. */
function openingsFrom(windows: readonly Window[], epochSeconds: number): WindowOpening[] {
  const openings: WindowOpening[] = [];
  for (const window of windows) {
    const today = localDateAt(window.timeZone, epochSeconds);
    // From yesterday: a window that crosses midnight may still be open.
    // Eight days ahead, because a window on one day of the week may not open this week's day (spring forward).
    for (let offset = -1; offset <= 8; offset += 1) {
      const opening = openingOn(window, addDays(today, offset));
      if (opening !== undefined && opening.end > epochSeconds) openings.push(opening);
    }
  }
  return openings.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The opening `epochSeconds` is inside (the one that stays open longest), or undefined. */
export function openWindowAt(windows: readonly Window[], epochSeconds: number): WindowOpening | undefined {
  const open = openingsFrom(windows, epochSeconds).filter((o) => o.start <= epochSeconds);
  return open.sort((a, b) => b.end - a.end)[0];
}

/** Whether a maintenance window is open at `epochSeconds`. No windows: always open (no restriction). */
export function isOpen(windows: readonly Window[], epochSeconds: number): boolean {
  return windows.length === 0 || openWindowAt(windows, epochSeconds) !== undefined;
}

/**
 * The first instant at or after `now` (epoch seconds) at which a window is open: `now` itself when one is open,
 * undefined when there are no windows.
 */
export function nextOpening(windows: readonly Window[], now: number): number | undefined {
  if (windows.length === 0) return undefined;
  if (openWindowAt(windows, now) !== undefined) return now;
  return openingsFrom(windows, now)[0]?.start;
}

/**
 * The next opening for a message: `Sat 2026-12-12 02:00 Europe/Berlin (2026-12-12T01:00:00Z)`, in the zone of the
 * window that opens first. Undefined when there are no windows.
 */
export function describeNextOpening(windows: readonly Window[], now: number): string | undefined {
  const at = nextOpening(windows, now);
  if (at === undefined) return undefined;
  const zone = (openWindowAt(windows, at)?.window ?? windows[0])?.timeZone ?? 'UTC';
  const day = DAY_NAMES[weekday(localDateAt(zone, at))] ?? '';
  return `${day.charAt(0).toUpperCase()}${day.slice(1)} ${formatWallClock(zone, at)} ${zone} (${isoSeconds(at)})`;
}

/** The windows as the flags that gave them: `--window "Sat 02:00-06:00 Europe/Berlin"`. */
export function windowFlags(windows: readonly Window[]): string {
  return windows.map((w) => `--window "${w.source}"`).join(' ');
}

/** `2026-12-05T01:00:00Z`. */
function isoSeconds(epochSeconds: number): string {
  return new Date(Math.floor(epochSeconds) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The gate before a roll takes the lock: outside every window it must not start, and changes nothing. Throws
 * OUTSIDE_WINDOW (exit 6) naming the next opening; does nothing without windows or inside one.
 */
export function checkInsideWindow(windows: readonly Window[], now: number): void {
  if (isOpen(windows, now)) return;
  throw new DextreError(
    'OUTSIDE_WINDOW',
    `It is ${isoSeconds(now)}, outside the maintenance window (${windowFlags(windows)}): the roll did not start and nothing was changed. ` +
      `The next window opens ${describeNextOpening(windows, now) ?? 'never'}; run the same command then (a scheduled job should start inside the window).`,
  );
}

/** For `plan`: whether `now` is inside a window, and until when or when the next opens. Undefined without windows. */
export function windowStatus(windows: readonly Window[], now: number): { open: boolean; message: string } | undefined {
  if (windows.length === 0) return undefined;
  const open = openWindowAt(windows, now);
  if (open !== undefined) {
    const closes = `${formatWallClock(open.window.timeZone, open.end)} ${open.window.timeZone} (${isoSeconds(open.end)})`;
    return { open: true, message: `Maintenance window: open now (--window "${open.window.source}", until ${closes}); a roll started now starts no new node after that.` };
  }
  return {
    open: false,
    message: `Maintenance window: closed now (${windowFlags(windows)}); the next opens ${describeNextOpening(windows, now) ?? 'never'}. \`dextre roll nodes\` would exit 6 now without changing anything.`,
  };
}
