// A counting semaphore with a FIFO queue. vLLM accepts every request and queues it without limit (it never
// answers 429), so the only bound on in-flight requests is the one we keep here.

export interface Semaphore {
  /** Runs `fn` once a slot is free; the slot is released when it settles. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  readonly inFlight: number;
  readonly waiting: number;
}

export function createSemaphore(limit: number): Semaphore {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be a whole number >= 1, got ${limit}`);
  let inFlight = 0;
  const queue: (() => void)[] = [];

  const acquire = (): Promise<void> => {
    if (inFlight < limit) {
      inFlight++;
      return Promise.resolve();
    }
    // The releasing caller hands its slot over directly, so inFlight never exceeds the limit.
    return new Promise((resolve) => queue.push(resolve));
  };

  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else inFlight--;
  };

  return {
    async run(fn) {
      await acquire();
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
