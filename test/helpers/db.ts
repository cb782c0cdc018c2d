// A fresh, migrated database per test file on each backend: embedded PGlite in memory, and a database on
// the Postgres server named by TEST_DATABASE_URL (created from a migrated template, so each test file
// starts from the same schema quickly). A database whose tests failed is kept for a look.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { migrate, readMigrations } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pglite.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import type { Db } from '../../src/store/db.ts';

export const backends = ['pglite', 'postgres'] as const;
export type Backend = (typeof backends)[number];

export interface TestDb {
  db: Db;
  url: string | undefined;
  /** Closes the connection; drops the server database unless `keep`. */
  cleanup(options?: { keep?: boolean }): Promise<void>;
}

export function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error('TEST_DATABASE_URL is not set: the storage tests also run against a Postgres server (.ci/run starts one and sets it)');
  }
  return url;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

let templateReady: Promise<string> | undefined;

function migrationsHash(): string {
  return crypto.createHash('sha256').update(readMigrations().map((m) => m.sql).join('\0')).digest('hex').slice(0, 12);
}

/**
 * A migrated PGlite data directory as a tar, made once and kept in the temp dir for the next test files:
 * loading it takes about a second, a fresh initdb plus migrations about five.
 */
async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(os.tmpdir(), `flywheel-pglite-template-${migrationsHash()}.tar`);
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const db = await openPglite({});
  try {
    await migrate(db);
    const dump = await db.dump();
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, file);
    return dump;
  } finally {
    await db.close();
  }
}

async function migratedTemplate(adminUrl: string): Promise<string> {
  const name = `flywheel_template_${migrationsHash()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Test files run one after another, but a lock keeps parallel runs from building it twice.
    await admin.query('select pg_advisory_lock(4242)');
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${name}`);
      const db = await openPostgres({ url: withDatabase(adminUrl, name), poolSize: 2 });
      try {
        await migrate(db);
      } finally {
        await db.close();
      }
    }
    await admin.query('select pg_advisory_unlock(4242)');
  } finally {
    await admin.end();
  }
  return name;
}

/** A fresh database: migrated (the default), or empty for tests of the migrations themselves. */
export async function openTestDb(backend: Backend, options: { migrated?: boolean } = {}): Promise<TestDb> {
  const migrated = options.migrated ?? true;
  if (backend === 'pglite') {
    const db = migrated ? await openPglite({ loadDataDir: await pgliteTemplate() }) : await openPglite({});
    return { db, url: undefined, cleanup: () => db.close() };
  }
  const adminUrl = serverUrl();
  let template = 'template0';
  if (migrated) {
    templateReady ??= migratedTemplate(adminUrl);
    template = await templateReady;
  }
  const name = `flywheel_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const db = await openPostgres({ url, poolSize: 5 });
  return {
    db,
    url,
    async cleanup(options = {}) {
      await db.close();
      if (options.keep) return;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Declares `suite` once per backend, each with its own fresh database, dropped afterwards
 * (kept for a look when KEEP_TEST_DB=1).
 */
export function eachBackend(suite: (get: () => TestDb, backend: Backend) => void): void {
  for (const backend of backends) {
    describe(`on ${backend}`, () => {
      let testDb: TestDb | undefined;
      before(async () => {
        testDb = await openTestDb(backend);
      });
      after(async () => {
        await testDb?.cleanup({ keep: process.env.KEEP_TEST_DB === '1' });
      });
      suite(() => {
        if (!testDb) throw new Error(`no ${backend} test database: its set-up failed`);
        return testDb;
      }, backend);
    });
  }
}

/**
 * Holds one connection of `db` in an open transaction until `release()`: resolves once it is held. `done`
 * settles when the transaction has ended.
 */
export async function holdConnection(db: Pick<Db, 'transaction'>): Promise<{ release: () => void; done: Promise<void> }> {
  let release = (): void => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let entered = (): void => {};
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const done = db.transaction(async (tx) => {
    await tx.query('select 1');
    entered();
    await held;
  });
  await inside;
  return { release, done };
}
