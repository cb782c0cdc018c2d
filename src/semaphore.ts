// A counting semaphore whose queue is ordered by priority, then first come first served. The model client's
// bound on in-flight requests (vLLM accepts every request and queues it without limit, it never answers 429,
// so the only bound is this one) and `flywheel verify`'s on checks at once.
import { FlywheelError } from './errors.ts';

export interface Semaphore {
  /** Runs `fn` once a slot is free (higher `priority` first); the slot is released when it settles. */
  run<T>(fn: () => Promise<T>, priority?: number): Promise<T>;
  readonly inFlight: number;
  readonly waiting: number;
}

export function createSemaphore(limit: number): Semaphore {
  if (!Number.isInteger(limit) || limit < 1) throw new FlywheelError('FLY_CONFIG_INVALID', `a concurrency limit must be a whole number >= 1, got ${limit}`);
  let inFlight = 0;
  const queue: { priority: number; wake: () => void }[] = [];

  const acquire = (priority: number): Promise<void> => {
    if (inFlight < limit) {
      inFlight++;
      return Promise.resolve();
    }
    // The releasing caller hands its slot over directly, so inFlight never exceeds the limit.
    return new Promise((wake) => {
      let at = queue.length;
      while (at > 0 && (queue[at - 1] as { priority: number }).priority < priority) at--;
      queue.splice(at, 0, { priority, wake });
    });
  };

  const release = (): void => {
    const next = queue.shift();
    if (next) next.wake();
    else inFlight--;
  };

  return {
    async run(fn, priority = 0) {
      await acquire(priority);
      try {
        return await fn();
      } finally {
        release();
      }
    },
    get inFlight() {
      return inFlight;
    },
    get waiting() {
      return queue.length;
    },
  };
}
