// The server pool's time limits: a statement running past DATABASE_STATEMENT_TIMEOUT_MS is cancelled, a
// transaction left idle past DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS loses its session, the pool carries on
// after both, and migrations are exempt from the statement limit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { openTestDb, type TestDb } from '../helpers/db.ts';

describe('time limits of the server pool', () => {
  let testDb: TestDb;
  let db: Db;
  before(async () => {
    testDb = await openTestDb('postgres', { migrated: false });
    db = await openPostgres({ url: testDb.url as string, poolSize: 2, statementTimeoutMs: 200, idleInTransactionTimeoutMs: 200 });
  });
  after(async () => {
    await db?.close();
    await testDb?.cleanup();
  });

  it('every session gets both limits', async () => {
    const [row] = await db.query<{ statement: string; idle: string }>(
      `select current_setting('statement_timeout') as statement, current_setting('idle_in_transaction_session_timeout') as idle`,
    );
    assert.deepEqual(row, { statement: '200ms', idle: '200ms' });
  });

  it('a statement past the limit is cancelled and the pool goes on', async () => {
    await assert.rejects(db.query('select pg_sleep(2)'), (err: { code?: string }) => err.code === '57014');
    assert.equal((await db.query('select 1 as one')).length, 1);
  });

  it('a transaction left idle past the limit loses its session and the pool goes on', async () => {
    await assert.rejects(db.transaction(async (tx) => {
      await tx.query('select 1');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await tx.query('select 1');
    }));
    assert.equal((await db.query('select 1 as one')).length, 1);
  });

  it('a migration may run past the statement limit', async () => {
    const applied = await migrate(db, [{ id: 1, name: 'slow', sql: 'select pg_sleep(0.5)' }]);
    assert.deepEqual(applied, ['0001_slow']);
  });
});
