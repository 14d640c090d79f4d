// Durations on the command line, in the forms SREs type: `30d`, `12h`, `90m`, `3600s`, `1h30m`, or a
// bare number of seconds. Everything inside dextre is in seconds.
import { DextreError } from '../core/errors.js';

const UNIT_SECONDS: Record<string, number> = { d: 86_400, h: 3_600, m: 60, s: 1 };
const TERM = /(\d+(?:\.\d+)?)([dhms])/g;

/**
 * Parses `value` (given to `flag`) into whole seconds, rounded up. Throws a USAGE DextreError naming the
 * flag and the accepted forms when the value is malformed or not above zero.
 */
export function parseDuration(flag: string, value: string): number {
  const text = value.trim();
  let seconds: number | undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    seconds = Number(text);
  } else if (/^(\d+(\.\d+)?[dhms])+$/.test(text)) {
    seconds = 0;
    for (const [, amount = '0', unit = 's'] of text.matchAll(TERM)) seconds += Number(amount) * (UNIT_SECONDS[unit] ?? 1);
  }
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) {
    throw new DextreError(
      'USAGE',
      `${flag} ${JSON.stringify(value)} is not a duration above zero. Use a number with a unit: ` +
        `30d (days), 12h (hours), 90m (minutes), 3600s (seconds), or combined like 1h30m.`,
    );
  }
  return Math.ceil(seconds);
}

/**
 * A timeout in kubectl's sense: a duration as `parseDuration` reads it, or zero (`0`, `0s`, `0m`…), which
 * means no limit. Returns seconds; 0 for no limit.
 */
export function parseTimeout(flag: string, value: string): number {
  if (/^0+(\.0+)?[dhms]?$/.test(value.trim())) return 0;
  try {
    return parseDuration(flag, value);
  } catch {
    throw new DextreError('USAGE', `${flag} ${JSON.stringify(value)} is not a duration. Use 0 to wait without limit, or a number with a unit: 90s, 15m, 1h, or combined like 1h30m.`);
  }
}

/** `5400` → `1h30m`: how durations are shown back to people. */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of Object.entries(UNIT_SECONDS)) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('');
}
