// Streams the rows of one query through a server-side cursor held in a transaction. The transaction runs
// as a producer that fetches one batch, hands it over, and waits until the consumer asks for the next, so
// at most one batch is in memory and the cursor is closed whichever way the consumer leaves the loop.
import type { Queryable } from './db.ts';

type RunInTransaction = <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T>;

export function cursorStream<R>(
  transaction: RunInTransaction,
  sql: string,
  params: readonly unknown[],
  batchSize: number,
): AsyncIterable<R> {
  return {
    async *[Symbol.asyncIterator]() {
      let stopped = false;
      let resume: (() => void) | undefined;
      let waiting: { resolve: (rows: R[] | null) => void; reject: (err: unknown) => void } | undefined;
      let ready: { rows: R[] | null } | { error: unknown } | undefined;

      const deliver = (item: { rows: R[] | null } | { error: unknown }) => {
        if (waiting) {
          const w = waiting;
          waiting = undefined;
          if ('error' in item) w.reject(item.error);
          else w.resolve(item.rows);
        } else {
          ready = item;
        }
      };
      const nextBatch = () =>
        new Promise<R[] | null>((resolve, reject) => {
          if (ready) {
            const item = ready;
            ready = undefined;
            if ('error' in item) reject(item.error);
            else resolve(item.rows);
          } else {
            waiting = { resolve, reject };
          }
        });

      const producer = transaction(async (tx) => {
        await tx.query(`declare flywheel_stream no scroll cursor for ${sql}`, params);
        while (!stopped) {
          const rows = await tx.query<R>(`fetch forward ${batchSize} from flywheel_stream`);
          if (rows.length === 0) break;
          await new Promise<void>((resolve) => {
            resume = resolve;
            deliver({ rows });
          });
        }
        await tx.query('close flywheel_stream');
      }).then(
        () => deliver({ rows: null }),
        (error: unknown) => deliver({ error }),
      );

      try {
        for (;;) {
          const rows = await nextBatch();
          if (rows === null) break;
          for (const row of rows) yield row;
          const go = resume;
          resume = undefined;
          go?.();
        }
      } finally {
        stopped = true;
        resume?.();
        await producer;
      }
    },
  };
}
