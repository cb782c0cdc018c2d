// When a model request is tried again, and after how long. The SDK's own retries are switched off so that
// this table is the only place the policy lives and every attempt is counted in the call record.

/**
 * The retry table.
 *
 * | failure                                        | retried? | wait before the next attempt                |
 * |------------------------------------------------|----------|---------------------------------------------|
 * | connection refused / reset / dropped mid-answer | yes      | backoff                                     |
 * | attempt timeout (`timeoutMs`)                  | yes      | backoff                                     |
 * | HTTP 408, 409, 429                             | yes      | `retry-after-ms` / `retry-after`, else backoff |
 * | HTTP 5xx                                       | yes      | `retry-after-ms` / `retry-after`, else backoff |
 * | any other HTTP 4xx (400 e.g. prompt too long)  | no       | -                                           |
 * | aborted by the caller                          | no       | -                                           |
 * | answer that fails validation (malformed)       | no       | - (a result with ok: false; the stage decides) |
 *
 * backoff = random(0, min(maxDelayMs, baseDelayMs * 2^retry)) ("full jitter", so a crowd of callers that failed
 * together does not come back together). A server-asked wait is honoured up to `retryAfterCapMs`.
 * A call makes at most `maxAttempts` attempts in all (the first one included).
 */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly retryAfterCapMs: number;
  /** Statuses below 500 that are retried. */
  readonly retryStatuses: readonly number[];
  readonly retryServerErrors: boolean;
  readonly retryConnectionErrors: boolean;
  readonly retryTimeouts: boolean;
}

export const RETRY_TABLE: RetryPolicy = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  retryAfterCapMs: 60_000,
  retryStatuses: Object.freeze([408, 409, 429]),
  retryServerErrors: true,
  retryConnectionErrors: true,
  retryTimeouts: true,
});

export type FailureKind = 'connection' | 'timeout' | 'status' | 'aborted' | 'other';

export interface AttemptFailure {
  kind: FailureKind;
  status: number | null;
  message: string;
  headers: Headers | null;
}

export function isRetryable(failure: AttemptFailure, policy: RetryPolicy = RETRY_TABLE): boolean {
  switch (failure.kind) {
    case 'connection':
      return policy.retryConnectionErrors;
    case 'timeout':
      return policy.retryTimeouts;
    case 'status':
      if (failure.status === null) return false;
      if (failure.status >= 500) return policy.retryServerErrors;
      return policy.retryStatuses.includes(failure.status);
    default:
      return false;
  }
}

/**
 * The wait a server asked for, in ms, or null: `retry-after-ms` (ms), else `retry-after` as seconds or as an
 * HTTP date. Negative or unparsable values count as absent.
 */
export function retryAfterMs(headers: Headers | null, now: number = Date.now()): number | null {
  if (headers === null) return null;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(after)) return Number(after) * 1000;
  const date = Date.parse(after);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** Wait before retry number `retry` (0 = the first retry), following the table. */
export function retryDelayMs(
  retry: number,
  failure: AttemptFailure,
  policy: RetryPolicy = RETRY_TABLE,
  random: () => number = Math.random,
  now: number = Date.now(),
): number {
  const asked = retryAfterMs(failure.headers, now);
  if (asked !== null) return Math.min(asked, policy.retryAfterCapMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}
