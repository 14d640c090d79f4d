// Injected failures, decided before a request touches the world (a throttled write changes nothing).
// The codes and statuses are the services' own, so the SDK classifies them as the real ones: Auto
// Scaling throttles with `Throttling` (400), EC2 with `RequestLimitExceeded` (503); either service may
// fail with `InternalFailure` (500) or `ServiceUnavailable` (503), which the SDK retries as transient.
import { AwsError } from './errors.js';

export type Service = 'autoscaling' | 'ec2';

export interface FaultRates {
  /** Fraction (0..1) of requests throttled. */
  throttleRate: number;
  /** Fraction (0..1) of the requests not throttled that fail with a 5xx. */
  errorRate: number;
}

export class FaultInjector {
  constructor(
    private readonly rates: FaultRates,
    private readonly random: () => number,
  ) {}

  /** The error this request is answered with instead of being served, if any. */
  draw(service: Service): AwsError | undefined {
    // No draw when a rate is 0, so a run without faults consumes no randomness.
    if (this.rates.throttleRate > 0 && this.random() < this.rates.throttleRate) return throttling(service);
    if (this.rates.errorRate > 0 && this.random() < this.rates.errorRate) {
      return this.random() < 0.5
        ? new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500)
        : new AwsError('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', 503);
    }
    return undefined;
  }
}

function throttling(service: Service): AwsError {
  return service === 'autoscaling' ? new AwsError('Throttling', 'Rate exceeded', 400) : new AwsError('RequestLimitExceeded', 'Request limit exceeded.', 503);
}

/** mulberry32: a small seeded PRNG, so an injected run repeats exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Clamps a configured rate into 0..1 (NaN or negative: 0). */
export function rate(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value) || value <= 0) return 0;
  return Math.min(1, value);
}
