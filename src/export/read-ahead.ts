// Keeps the database reading while JavaScript formats. The cursor fetches its next batch only when the last
// row of the current one has been taken, so a consumer that formats row by row leaves the database idle
// while it formats, and itself idle while the database reads. Here a pump takes rows as they come, and the
// consumer is woken only once a whole batch is in (and only on the next turn of the event loop, after the
// pump's request for the following batch has gone out), so formatting one batch overlaps reading the next.
// At most two batches wait, so memory stays flat.
export async function* readAhead<T>(source: AsyncIterable<T>, batch: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let buffer: T[] = [];
  let finished = false;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  let wakeConsumer: (() => void) | undefined;
  let wakePump: (() => void) | undefined;
  const consumerReady = () => {
    const wake = wakeConsumer;
    wakeConsumer = undefined;
    if (wake) setImmediate(wake);
  };
  const pumpReady = () => {
    const wake = wakePump;
    wakePump = undefined;
    wake?.();
  };

  const pump = (async () => {
    try {
      while (!stopped) {
        if (buffer.length >= 2 * batch) {
          await new Promise<void>((resolve) => (wakePump = resolve));
          continue;
        }
        const next = await iterator.next();
        if (next.done) break;
        buffer.push(next.value);
        if (buffer.length >= batch) consumerReady();
      }
    } catch (error) {
      failure = { error };
    } finally {
      finished = true;
      consumerReady();
    }
  })();

  try {
    for (;;) {
      if (buffer.length >= batch || (finished && buffer.length > 0)) {
        const rows = buffer;
        buffer = [];
        pumpReady();
        yield rows;
        continue;
      }
      if (finished) break;
      await new Promise<void>((resolve) => (wakeConsumer = resolve));
    }
    if (failure) throw failure.error;
  } finally {
    stopped = true;
    pumpReady();
    await pump;
    // Closes the cursor when the consumer left early (a no-op after the end).
    await iterator.return?.();
  }
}
