// Lanes: the same database through a pool of its own. On the server, work that holds every connection of
// one lane leaves the main pool and the other lanes answering, and /metrics' waits are counted per pool; the
// embedded backend has one connection, and a lane is the database itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isFlywheelError } from '../../src/errors.ts';
import type { Db } from '../../src/store/db.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { holdConnection, openTestDb, type TestDb } from '../helpers/db.ts';

describe('lanes of the server pool', () => {
  let testDb: TestDb;
  let db: Db;
  before(async () => {
    testDb = await openTestDb('postgres', { migrated: false });
    db = await openPostgres({ url: testDb.url as string, poolSize: 2 });
  });
  after(async () => {
    await db?.close();
    await testDb?.cleanup();
  });

  it('a lane whose connections are all held leaves the main pool and other lanes answering', async () => {
    const exports = db.lane('export', 2);
    assert.equal(db.lane('export', 5), exports, 'the same lane, made once');
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let inside = 0;
    let bothInside = (): void => {};
    const entered = new Promise<void>((resolve) => (bothInside = resolve));
    const holders = [1, 2].map(() => exports.transaction(async (tx) => {
      await tx.query('select 1');
      if (++inside === 2) bothInside();
      await held;
    }));
    await entered;
    try {
      // A third statement on the lane waits for one of them ...
      let laneAnswered = false;
      const waiting = exports.query('select 1').then(() => (laneAnswered = true));
      // ... while the main pool and another lane answer at once.
      const [sessions] = await db.query<{ n: number }>(`select count(*)::int8 as n from pg_stat_activity where datname = current_database() and state = 'idle in transaction'`);
      assert.equal(sessions?.n, 2, "the lane's two sessions are held");
      assert.equal((await db.lane('rounds', 1).query<{ one: number }>('select 1 as one'))[0]?.one, 1);
      assert.equal(laneAnswered, false);
      release();
      await Promise.all([...holders, waiting]);
      assert.equal(laneAnswered, true);
    } finally {
      release();
    }

    const waits = db.connectionWaits?.() ?? {};
    assert.deepEqual(Object.keys(waits).sort(), ['export', 'main', 'rounds']);
    assert.equal(waits.export?.count, 3);
    assert.equal(waits.rounds?.count, 1);
    assert.ok((waits.export?.maxSeconds ?? 0) > 0);
  });

  it('a caller of a busy main pool is refused after the wait bound, a lane waits, and the pool goes on', async () => {
    const bounded = await openPostgres({ url: testDb.url as string, poolSize: 1, connectionWaitMs: 150 });
    try {
      const { release, done: holder } = await holdConnection(bounded);
      const refused = await bounded.query('select 1').then(() => undefined, (err: unknown) => err);
      assert.ok(isFlywheelError(refused, 'FLY_DB_BUSY'), `expected FLY_DB_BUSY, got ${String(refused)}`);
      assert.equal(refused.details?.retryAfterS, 1);
      assert.match(refused.message, /DATABASE_CONNECTION_WAIT_MS 150/);
      // A lane has no bound: with its one connection held twice the bound, its next statement waits and runs.
      const lane = bounded.lane('rounds', 1);
      const laneHolder = lane.transaction(async (tx) => {
        await tx.query('select 1');
        await new Promise((resolve) => setTimeout(resolve, 300));
      });
      assert.equal((await lane.query<{ one: number }>('select 1 as one'))[0]?.one, 1);
      await laneHolder;
      release();
      await holder;
      // The connection the refused caller would have had went back: the pool serves the next one at once.
      assert.equal((await bounded.query<{ two: number }>('select 2 as two'))[0]?.two, 2);
      assert.equal((await Promise.all([1, 2, 3].map(() => bounded.query('select 1')))).length, 3);
    } finally {
      await bounded.close();
    }
  });

  it('closing the database closes every lane', async () => {
    const other = await openPostgres({ url: testDb.url as string, poolSize: 1 });
    const lane = other.lane('export', 1);
    await lane.query('select 1');
    await other.close();
    await assert.rejects(lane.query('select 1'));
  });
});

describe('lanes of the embedded database', () => {
  let testDb: TestDb;
  before(async () => {
    testDb = await openTestDb('pglite', { migrated: false });
  });
  after(async () => {
    await testDb?.cleanup();
  });

  it('a lane is the one connection itself', async () => {
    assert.equal(testDb.db.lane('export', 4), testDb.db);
    assert.equal(testDb.db.connectionWaits, undefined);
  });
});
