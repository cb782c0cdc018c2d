// Forward-only numbered migrations (migrations/NNNN_name.sql). Each is applied in its own transaction that
// first takes an advisory lock and records itself, so two processes starting at once apply each file once:
// the second waits for the lock, then sees the record and skips.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlywheelError } from '../errors.ts';
import type { Db, Queryable } from './db.ts';

export const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

// Any fixed 64-bit key; only our own migrations take it.
const LOCK_KEY = 7_146_032_811;

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export function readMigrations(dir = migrationsDir): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  return files.map((file, index) => {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new FlywheelError('FLY_DB_MIGRATION_FAILED', `migration file ${file} is not named NNNN_name.sql`);
    const id = Number(match[1]);
    if (id !== index + 1) throw new FlywheelError('FLY_DB_MIGRATION_FAILED', `migration ${file} is out of sequence: expected number ${index + 1}`);
    return { id, name: match[2] as string, sql: fs.readFileSync(path.join(dir, file), 'utf8') };
  });
}

/**
 * A migration may rightly run for long (an index over a big table), and so may the wait of a second process
 * for its lock: DATABASE_STATEMENT_TIMEOUT_MS is for the service's queries, not for these.
 */
async function exemptFromStatementTimeout(tx: Queryable): Promise<void> {
  await tx.query('set local statement_timeout = 0');
}

/** Applies the migrations not yet applied; returns the names of those this call applied. */
export async function migrate(db: Db, migrations = readMigrations()): Promise<string[]> {
  await db.transaction(async (tx) => {
    await exemptFromStatementTimeout(tx);
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.query(`create table if not exists flywheel_migrations (
      id integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`);
  });

  const applied: string[] = [];
  for (const migration of migrations) {
    const label = `${String(migration.id).padStart(4, '0')}_${migration.name}`;
    try {
      const done = await db.transaction(async (tx) => {
        await exemptFromStatementTimeout(tx);
        await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
        const [existing] = await tx.query<{ name: string }>('select name from flywheel_migrations where id = $1', [migration.id]);
        if (existing) {
          if (existing.name !== migration.name) {
            throw new FlywheelError('FLY_DB_MIGRATION_FAILED', `database has migration ${migration.id} as "${existing.name}", the code has "${migration.name}"`);
          }
          return false;
        }
        await tx.query('insert into flywheel_migrations (id, name) values ($1, $2)', [migration.id, migration.name]);
        await tx.exec(migration.sql);
        return true;
      });
      if (done) applied.push(label);
    } catch (cause) {
      if (cause instanceof FlywheelError) throw cause;
      throw new FlywheelError('FLY_DB_MIGRATION_FAILED', `migration ${label} failed: ${(cause as Error).message}`, { cause });
    }
  }
  return applied;
}

export async function appliedMigrations(db: Db): Promise<{ id: number; name: string; applied_at: Date }[]> {
  return db.query('select id, name, applied_at from flywheel_migrations order by id');
}

/** Names (NNNN_name) of the code's migrations the database has not applied; all of them on an empty database. */
export async function pendingMigrations(db: Queryable, migrations = readMigrations()): Promise<string[]> {
  const [table] = await db.query<{ exists: boolean }>(`select to_regclass('flywheel_migrations') is not null as exists`);
  const done = new Set(
    table?.exists ? (await db.query<{ id: number }>('select id from flywheel_migrations')).map((m) => m.id) : [],
  );
  return migrations.filter((m) => !done.has(m.id)).map((m) => `${String(m.id).padStart(4, '0')}_${m.name}`);
}

/** The tables of the current schema, by name. */
export async function tableNames(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema() and c.relkind = 'r' order by c.relname`,
  );
  return rows.map((r) => r.name);
}
