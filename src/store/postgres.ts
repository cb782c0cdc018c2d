// Server backend: a Postgres server through a pg Pool (DATABASE_URL).
import pg from 'pg';
import { FlywheelError } from '../errors.ts';
import type { Db, Queryable } from './db.ts';
import { cursorStream } from './cursor.ts';

// int8 as a JS number, like the embedded backend (ids and counts stay far below 2^53).
const INT8_OID = 20;
const typeParsers = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export async function openPostgres(options: { url: string; poolSize: number }): Promise<Db> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize, types: typeParsers });
  // An idle client that loses its connection emits here; the pool replaces it, the next query reconnects.
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
  } catch (cause) {
    await pool.end().catch(() => {});
    throw new FlywheelError('FLY_DB_UNAVAILABLE', `cannot reach the Postgres server at ${redact(options.url)}`, { cause });
  }

  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(sql: string, params: readonly unknown[] = []) {
      return (await q.query(sql, params as unknown[])).rows as R[];
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });

  const transaction = async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const result = await fn(wrap(client));
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };

  return {
    backend: 'postgres',
    ...wrap(pool),
    transaction,
    stream: <R>(sql: string, params: readonly unknown[] = [], batchSize = 1000) => cursorStream<R>(transaction, sql, params, batchSize),
    async close() {
      await pool.end();
    },
  };
}

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
