// A bounded queue of checks for one lane of callers (the API's): at most `concurrency` checks in progress over
// every request, the rest waiting in arrival order. A request whose checks would make more than `maxWaiting`
// wait is refused at once (FLY_VERIFY_BUSY, with a retry-after) rather than held. A caller's signal drops its
// checks still waiting, and through the checker its sandbox jobs still queued.
import { abortGroups } from '../abort-groups.ts';
import { FlywheelError } from '../errors.ts';
import type { Lane } from '../sandbox/types.ts';
import type { CheckInput, Checker } from './checker.ts';
import type { Verdict } from './verdict.ts';

export interface CheckQueueOptions {
  lane: Lane;
  concurrency: number;
  maxWaiting: number;
}

export interface CheckQueueStats {
  /** checks in progress now */
  inFlight: number;
  /** checks waiting for a place now */
  waiting: number;
  /** checks started since start */
  started: number;
  /** checks dropped while waiting because their caller aborted */
  cancelled: number;
  /** requests refused because the queue was full */
  refused: number;
}

export interface CheckQueue {
  /**
   * Checks every input in the queue's lane; each result settles as `checker.check` does (a Verdict, or what it
   * threw). Throws FLY_VERIFY_BUSY (`details.retryAfterS`) before anything starts when the queue cannot take
   * them all; rejects with the signal's reason when it was aborted.
   */
  checkAll(inputs: CheckInput[], signal?: AbortSignal): Promise<PromiseSettledResult<Verdict>[]>;
  stats(): CheckQueueStats;
}

/** Weight of the newest check in the running mean of check durations (retry-after's estimate). */
const MEAN_WEIGHT = 0.1;

interface Waiting {
  input: CheckInput;
  signal: AbortSignal | undefined;
  resolve: (verdict: Verdict) => void;
  reject: (err: unknown) => void;
}

export function createCheckQueue(checker: Checker, options: CheckQueueOptions): CheckQueue {
  const { lane, concurrency, maxWaiting } = options;
  const waiting: Waiting[] = [];
  let inFlight = 0;
  let started = 0;
  let cancelled = 0;
  let refused = 0;
  let meanMs = 1000;

  const callers = abortGroups<Waiting>((items, reason) => {
    const dropped = new Set(items);
    const kept = waiting.filter((w) => !dropped.has(w));
    cancelled += waiting.length - kept.length;
    waiting.splice(0, waiting.length, ...kept);
    for (const item of items) item.reject(reason);
  });

  const start = (item: Waiting): void => {
    if (item.signal) callers.delete(item, item.signal);
    started += 1;
    inFlight += 1;
    const startedAt = performance.now();
    checker.check(item.input, { lane, ...(item.signal ? { signal: item.signal } : {}) }).then(item.resolve, item.reject).finally(() => {
      inFlight -= 1;
      meanMs += (performance.now() - startedAt - meanMs) * MEAN_WEIGHT;
      startWaiting();
    });
  };

  const startWaiting = (): void => {
    while (inFlight < concurrency) {
      const next = waiting.shift();
      if (!next) return;
      start(next);
    }
  };

  const enqueue = (input: CheckInput, signal: AbortSignal | undefined): Promise<Verdict> =>
    new Promise((resolve, reject) => {
      const item: Waiting = { input, signal, resolve, reject };
      waiting.push(item);
      if (signal) callers.add(item, signal);
    });

  return {
    async checkAll(inputs, signal) {
      signal?.throwIfAborted();
      const wouldWait = waiting.length + Math.max(0, inputs.length - (waiting.length > 0 ? 0 : concurrency - inFlight));
      // A request finding nobody waiting is taken whatever its size, so a batch larger than the limit still runs.
      if (waiting.length > 0 && wouldWait > maxWaiting) {
        refused += 1;
        const retryAfterS = Math.max(1, Math.ceil((waiting.length / concurrency) * meanMs / 1000));
        throw new FlywheelError('FLY_VERIFY_BUSY', `the verify queue is full (${waiting.length} checks waiting): try again after retry-after seconds`, { details: { retryAfterS } });
      }
      const checks = inputs.map((input) => enqueue(input, signal));
      startWaiting();
      const settled = await Promise.allSettled(checks);
      signal?.throwIfAborted();
      return settled;
    },
    stats: () => ({ inFlight, waiting: waiting.length, started, cancelled, refused }),
  };
}
