// Kubernetes timestamps. `metav1.Time` is RFC 3339 to the second; `metav1.MicroTime` (Lease renewTime,
// Event eventTime) to the microsecond. client-node deserializes Time fields to `Date` but leaves
// MicroTime fields as the server's string (its serializer does not know the type), and watch events are
// raw JSON: readers accept both.
import { V1MicroTime } from '@kubernetes/client-node';

/** Epoch seconds (fractional for sub-second precision), or undefined for a missing or unparsable value. */
export function epochSeconds(value: Date | string | undefined | null): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

/** Whole epoch seconds, as `metav1.Time` holds them. */
export function epochWholeSeconds(value: Date | string | undefined | null): number | undefined {
  const seconds = epochSeconds(value);
  return seconds === undefined ? undefined : Math.floor(seconds);
}

/** A `metav1.Time` value: RFC 3339, whole seconds (`2024-05-01T12:00:00Z`). */
export function rfc3339(epochSecondsValue: number): string {
  return new Date(Math.floor(epochSecondsValue) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A `metav1.MicroTime` value; serialises as `2024-05-01T12:00:00.123000Z`. */
export function microTime(epochSecondsValue: number): V1MicroTime {
  return new V1MicroTime(Math.round(epochSecondsValue * 1000));
}
