// Opens the configured backend: a Postgres server when DATABASE_URL is set, else embedded PGlite.
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Db, Queryable } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export type { Db, Queryable } from './db.ts';
export { migrate, readMigrations, appliedMigrations, pendingMigrations, tableNames } from './migrate.ts';

/** One trivial statement: whether the database answers. */
export async function ping(db: Queryable): Promise<void> {
  await db.query('select 1');
}

/** `connectionWaitMs`: the main pool's bound on a wait for a connection (see PostgresOptions); serve's API only. */
export async function openDb(
  config: Pick<Config, 'databaseUrl' | 'databasePoolSize' | 'dataDir'> &
    Partial<Pick<Config, 'databaseStatementTimeoutMs' | 'databaseIdleInTransactionTimeoutMs'>>,
  options: { connectionWaitMs?: number } = {},
): Promise<Db> {
  if (config.databaseUrl !== '') {
    return openPostgres({
      url: config.databaseUrl, poolSize: config.databasePoolSize,
      statementTimeoutMs: config.databaseStatementTimeoutMs ?? 0, idleInTransactionTimeoutMs: config.databaseIdleInTransactionTimeoutMs ?? 0,
      connectionWaitMs: options.connectionWaitMs ?? 0,
    });
  }
  return openPglite({ dataDir: path.resolve(config.dataDir, 'pglite') });
}

/** Where the data lives, for logs and messages (no secrets). */
export function describeDb(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  return config.databaseUrl !== '' ? 'Postgres server (DATABASE_URL)' : `embedded PGlite in ${path.resolve(config.dataDir, 'pglite')}`;
}
