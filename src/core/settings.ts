// Surge and max-unavailable: from what the user typed to whole numbers of nodes per group, after
// kops `pkg/instancegroups/settings.go`. Pure and table-tested (test/core/settings.test.ts).
import { DextreError } from './errors.js';
import type { IntOrPercent } from './model.js';

/**
 * Extra instances per group while it rolls, by default: a quarter of the nodes to replace (at least one),
 * so replacement capacity exists before any node is drained.
 */
export const DEFAULT_SURGE = '25%';

/** Nodes per group that may be missing at once, by default: none — capacity never drops below the original. */
export const DEFAULT_MAX_UNAVAILABLE = '0';

/**
 * Parses a `--surge` / `--max-unavailable` value: a whole number of nodes (`"3"` → 3) or a percentage
 * from 0% to 100% (`"25%"` stays `"25%"`, resolved per group later). Throws a USAGE DextreError naming
 * `flag`, the bad value and the accepted forms.
 */
export function parseIntOrPercent(flag: string, value: string): IntOrPercent {
  const text = value.trim();
  const count = /^\d+$/.exec(text);
  if (count) {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n;
  }
  const percent = /^(\d+)%$/.exec(text);
  if (percent && Number(percent[1]) <= 100) return `${Number(percent[1])}%`;
  throw invalid(flag, value);
}

function invalid(flag: string, value: string): DextreError {
  return new DextreError(
    'USAGE',
    `${flag} must be a whole number of nodes (0 or more) or a percentage of the nodes to replace from 0% to 100% ` +
      `such as 25%; got ${JSON.stringify(value)}.`,
  );
}

/** Surge and max-unavailable of one group, in nodes. */
export interface ResolvedRollSettings {
  /** Extra instances above the group's desired capacity, at most. */
  surge: number;
  /** Nodes below the group's original capacity, at most. */
  maxUnavailable: number;
}

/**
 * Resolves both settings against the number of nodes the group will replace. A percentage of the surge
 * rounds up (a surge of 25% of 1 node is 1: surging is the safe side); a percentage of max-unavailable
 * rounds down (losing capacity is the unsafe side). Both are capped at `nodesToReplace`: more extra
 * instances than nodes to replace buy nothing. If both come out 0 the roll could never progress, so
 * maxUnavailable becomes 1, as in kops. Nothing to replace gives 0 and 0.
 *
 * Unlike kops, a non-zero percentage of max-unavailable that rounds down to 0 stays 0 when the surge
 * is non-zero: the user allowed *up to* that much unavailability, and surging alone is safer.
 */
export function resolveRollSettings(
  surge: IntOrPercent,
  maxUnavailable: IntOrPercent,
  nodesToReplace: number,
): ResolvedRollSettings {
  if (nodesToReplace <= 0) return { surge: 0, maxUnavailable: 0 };
  const resolvedSurge = Math.min(scale('--surge', surge, nodesToReplace, true), nodesToReplace);
  let resolvedUnavailable = Math.min(scale('--max-unavailable', maxUnavailable, nodesToReplace, false), nodesToReplace);
  if (resolvedSurge === 0 && resolvedUnavailable === 0) resolvedUnavailable = 1;
  return { surge: resolvedSurge, maxUnavailable: resolvedUnavailable };
}

/** A count as is, or a percentage of `total` rounded up or down. Strings go through the same validation as flags. */
function scale(flag: string, value: IntOrPercent, total: number, roundUp: boolean): number {
  const parsed = typeof value === 'number' ? checkCount(flag, value) : parseIntOrPercent(flag, value);
  if (typeof parsed === 'number') return parsed;
  const scaled = (Number(parsed.slice(0, -1)) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

function checkCount(flag: string, value: number): number {
  if (Number.isSafeInteger(value) && value >= 0) return value;
  throw invalid(flag, String(value));
}
