// Faults the stand-in injects so the client's retries, limits and validation are exercised for real. Each is
// a probability drawn from one seeded generator, so a run with the same seed and the same request order
// meets the same faults.
import { FlywheelError } from '../errors.ts';

export interface StandinFaults {
  /** Added to every chat request, in ms. */
  latencyMs: number;
  /** Probability of an HTTP 500. */
  failRate: number;
  /** Probability of an HTTP 429 with retry-after. */
  rateLimitRate: number;
  /** Wait the 429 asks for: `retry-after-ms`, and `retry-after` in whole seconds rounded up. */
  retryAfterMs: number;
  /** Probability, per choice, of an answer that is broken JSON or has no code. */
  malformedRate: number;
  /** Probability, per choice, of an answer cut in half with finish_reason "length". */
  truncateRate: number;
  /** Probability of the connection being destroyed mid-request (after the first chunk when streaming). */
  dropRate: number;
  seed: number;
}

export const defaultFaults: Readonly<StandinFaults> = Object.freeze({
  latencyMs: 0,
  failRate: 0,
  rateLimitRate: 0,
  retryAfterMs: 1000,
  malformedRate: 0,
  truncateRate: 0,
  dropRate: 0,
  seed: 1,
});

/** Defaults merged with `overrides`; throws FLY_USAGE naming each value out of range. */
export function resolveFaults(overrides: Partial<StandinFaults> = {}): Readonly<StandinFaults> {
  const faults = { ...defaultFaults, ...overrides };
  const problems: string[] = [];
  for (const key of ['failRate', 'rateLimitRate', 'malformedRate', 'truncateRate', 'dropRate'] as const) {
    const v = faults[key];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) problems.push(`${key}: expected a probability 0..1, got ${String(v)}`);
  }
  for (const key of ['latencyMs', 'retryAfterMs'] as const) {
    const v = faults[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) problems.push(`${key}: expected ms >= 0, got ${String(v)}`);
  }
  if (!Number.isInteger(faults.seed)) problems.push(`seed: expected a whole number, got ${String(faults.seed)}`);
  if (problems.length > 0) throw new FlywheelError('FLY_USAGE', `invalid stand-in faults: ${problems.join('; ')}`, { details: { problems } });
  return Object.freeze(faults);
}
