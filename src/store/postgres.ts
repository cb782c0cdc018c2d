// Server backend: a Postgres server through a pg Pool (DATABASE_URL).
import pg from 'pg';
import { describeError, FlywheelError } from '../errors.ts';
import type { ConnectionWaits, Db, Queryable } from './db.ts';
import { cursorStream } from './cursor.ts';

// int8 as a JS number, like the embedded backend (ids and counts stay far below 2^53).
const INT8_OID = 20;
const typeParsers = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Upper bounds of the connection-wait histogram, in seconds. */
export const CONNECTION_WAIT_BUCKETS_S = [0.001, 0.01, 0.1, 1, 10];

export interface PostgresOptions {
  url: string;
  poolSize: number;
  /** The sessions' statement_timeout in ms (0 or absent: the server's own setting). */
  statementTimeoutMs?: number;
  /** The sessions' idle_in_transaction_session_timeout in ms (0 or absent: the server's own setting). */
  idleInTransactionTimeoutMs?: number;
  /**
   * Longest a caller of the main pool waits for a connection, in ms (0 or absent: no limit); past it the
   * call fails with FLY_DB_BUSY. The lanes never refuse: their work (an export's pages, a round) waits.
   */
  connectionWaitMs?: number;
}

export async function openPostgres(options: PostgresOptions): Promise<Db> {
  // Set on every session as it connects: no statement, and no transaction left idle by a stuck caller, keeps
  // a pooled connection (and the locks and snapshot it holds) without end.
  const newPool = (max: number) => {
    const pool = new pg.Pool({
      connectionString: options.url, max, types: typeParsers,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      ...(options.idleInTransactionTimeoutMs ? { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs } : {}),
    });
    // An idle client that loses its connection emits here; the pool replaces it, the next query reconnects.
    pool.on('error', () => {});
    return pool;
  };
  const main = newPool(options.poolSize);
  try {
    await main.query('select 1');
  } catch (cause) {
    await main.end().catch(() => {});
    throw new FlywheelError('FLY_DB_UNAVAILABLE', `cannot reach the Postgres server at ${redact(options.url)}`, { cause });
  }

  // The main pool, and one per lane a caller asks for (exports, round workers), so no kind of work can take
  // every connection from the others.
  const pools = new Map<string, { pool: pg.Pool; waits: Waits; db: Db }>();
  const shared: Pick<Db, 'lane' | 'connectionWaits' | 'close'> = {
    lane: (name, connections) => pools.get(name)?.db ?? add(name, newPool(connections)),
    connectionWaits: () => Object.fromEntries([...pools].map(([name, p]) => [name, snapshot(p.waits)])),
    close: async () => {
      await Promise.all([...pools.values()].map((p) => p.pool.end()));
    },
  };
  const add = (name: string, pool: pg.Pool, waitMs = 0): Db => {
    const waits = newWaits();
    const db = poolDb(pool, waits, shared, waitMs);
    pools.set(name, { pool, waits, db });
    return db;
  };
  return add('main', main, options.connectionWaitMs);
}

interface Waits { buckets: number[]; count: number; sumSeconds: number; maxSeconds: number }

const newWaits = (): Waits => ({ buckets: CONNECTION_WAIT_BUCKETS_S.map(() => 0), count: 0, sumSeconds: 0, maxSeconds: 0 });

const snapshot = (w: Waits): ConnectionWaits =>
  ({ count: w.count, sumSeconds: w.sumSeconds, maxSeconds: w.maxSeconds, buckets: CONNECTION_WAIT_BUCKETS_S.map((le, i) => [le, w.buckets[i] ?? 0]) });

/**
 * A Db over one pool; what all pools of a server share (their list, their waits, closing) comes in `shared`.
 * `waitMs` > 0: a caller that waits longer for a connection is refused (FLY_DB_BUSY).
 */
function poolDb(pool: pg.Pool, waits: Waits, shared: Pick<Db, 'lane' | 'connectionWaits' | 'close'>, waitMs: number): Db {
  const checkout = waitMs > 0 ? () => boundedConnect(pool, waitMs) : () => pool.connect();
  // How long callers wait for a pooled connection: the figure that shows a pool too small or held too long.
  const connect = async (): Promise<pg.PoolClient> => {
    const started = performance.now();
    const client = await checkout();
    const seconds = (performance.now() - started) / 1000;
    if (waitMs > 0 && seconds * 1000 > waitMs) {
      // Handed over in the same turn of a stalled event loop as the timer's due, or opened slowly: late all the same.
      client.release();
      throw busy(pool, waitMs);
    }
    waits.count++;
    waits.sumSeconds += seconds;
    waits.maxSeconds = Math.max(waits.maxSeconds, seconds);
    CONNECTION_WAIT_BUCKETS_S.forEach((le, i) => {
      if (seconds <= le) waits.buckets[i] = (waits.buckets[i] ?? 0) + 1;
    });
    return client;
  };

  const wrap = (q: pg.PoolClient): Queryable => ({
    async query<R>(sql: string, params: readonly unknown[] = []) {
      return (await q.query(sql, params as unknown[])).rows as R[];
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  // A statement outside a transaction: a connection for its duration, released as pg's own pool.query does
  // (with the error, if any, so a broken connection is not reused).
  const once = async <T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await connect();
    let failure: Error | undefined;
    try {
      return await run(client);
    } catch (err) {
      failure = err instanceof Error ? err : new FlywheelError('FLY_DB_QUERY_FAILED', describeError(err));
      throw err;
    } finally {
      client.release(failure);
    }
  };

  const transaction = async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
    const client = await connect();
    // A session the server ends while it is checked out (idle_in_transaction_session_timeout, a restart)
    // reports here, where an unheard error would end the process; the transaction's next query fails, and
    // the connection is dropped from the pool.
    let lost: Error | undefined;
    const onLost = (err: Error) => {
      lost = err;
    };
    client.on('error', onLost);
    try {
      await client.query('begin');
      const result = await fn(wrap(client));
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.off('error', onLost);
      client.release(lost);
    }
  };

  return {
    backend: 'postgres',
    query: <R>(sql: string, params: readonly unknown[] = []) => once((client) => wrap(client).query<R>(sql, params)),
    exec: (sql: string) => once((client) => wrap(client).exec(sql)),
    transaction,
    stream: <R>(sql: string, params: readonly unknown[] = [], batchSize = 1000) => cursorStream<R>(transaction, sql, params, batchSize),
    ...shared,
  };
}

/**
 * A connection of `pool` if one comes within `waitMs`, else FLY_DB_BUSY; one that comes later goes straight
 * back to the pool. Only a full pool's wait is cut short: a new connection takes what the server needs to
 * open it (an unreachable server fails with its own error), and the caller refuses it if that passed the bound.
 */
function boundedConnect(pool: pg.Pool, waitMs: number): Promise<pg.PoolClient> {
  // Taken before connect(), which may count a new connection among the pool's at once.
  const full = pool.totalCount >= (pool.options.max ?? 10) && pool.idleCount === 0;
  const connecting = pool.connect();
  if (!full) return connecting;
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(busy(pool, waitMs));
    }, waitMs);
    connecting.then((client) => {
      clearTimeout(timer);
      if (late) client.release();
      else resolve(client);
    }, (err: unknown) => {
      clearTimeout(timer);
      if (!late) reject(err);
    });
  });
}

const busy = (pool: pg.Pool, waitMs: number) => new FlywheelError('FLY_DB_BUSY',
  `every database connection was busy for ${waitMs} ms (DATABASE_POOL_SIZE ${pool.options.max ?? 10}, DATABASE_CONNECTION_WAIT_MS ${waitMs}): retry after retry-after seconds`,
  { details: { retryAfterS: 1 } });

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
