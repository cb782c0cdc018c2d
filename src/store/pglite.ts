// Embedded backend: PGlite (Postgres compiled to WASM) in this process, its files under the data directory.
// One process owns a data directory at a time; a lock file makes a second one fail clearly instead of
// corrupting it (several processes need a Postgres server: DATABASE_URL).
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { FlywheelError } from '../errors.ts';
import { pidAlive } from '../pids.ts';
import type { Db, Queryable } from './db.ts';
import { cursorStream } from './cursor.ts';

// int8 as a JS number on both backends (ids and counts stay far below 2^53).
const parsers = { [types.INT8]: (value: string) => Number(value) };

const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface PgliteDb extends Db {
  /** The whole data directory as a tar, loadable with `loadDataDir` (tests start from a migrated copy). */
  dump(): Promise<Blob>;
}

export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob }): Promise<PgliteDb> {
  let releaseLock = () => {};
  if (options.dataDir !== undefined) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    releaseLock = lockDataDir(options.dataDir);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
      parsers,
    });
  } catch (cause) {
    releaseLock();
    throw new FlywheelError('FLY_DB_UNAVAILABLE', `cannot open the embedded database at ${options.dataDir ?? 'memory'}`, { cause });
  }

  // PGlite runs each statement synchronously on this thread, and the next queued one starts from a promise
  // continuation: under load the queue never empties and the event loop never reaches its I/O phase, so no new
  // connection is accepted and no other request is read. Each statement first lets the loop poll once.
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<R>(sql: string, params: readonly unknown[] = []) {
      await yieldToIo();
      return (await q.query<R>(sql, params as unknown[])).rows;
    },
    async exec(sql: string) {
      await yieldToIo();
      await q.exec(sql);
    },
  });

  const transaction = <T>(fn: (tx: Queryable) => Promise<T>) => pg.transaction((tx) => fn(wrap(tx)));

  const db: PgliteDb = {
    backend: 'pglite',
    ...wrap(pg),
    lane: () => db,
    dump: async () => pg.dumpDataDir('none'),
    transaction,
    stream: <R>(sql: string, params: readonly unknown[] = [], batchSize = 1000) => cursorStream<R>(transaction, sql, params, batchSize),
    async close() {
      try {
        if (!pg.closed) await pg.close();
      } finally {
        releaseLock();
      }
    },
  };
  return db;
}

function lockDataDir(dir: string): () => void {
  const lockFile = path.join(dir, 'flywheel.lock');
  for (let tries = 0; tries < 2; tries++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(lockFile, 'utf8'));
      if (owner !== process.pid && pidAlive(owner)) {
        throw new FlywheelError('FLY_DB_UNAVAILABLE', `the embedded database in ${dir} is in use by process ${owner}; stop it, or set DATABASE_URL to share a Postgres server between processes`);
      }
      // Left by a process that died: take it over.
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new FlywheelError('FLY_DB_UNAVAILABLE', `cannot lock the embedded database in ${dir}`);
}
