import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isFlywheelError } from '../../src/errors.ts';
import { migrate, readMigrations, appliedMigrations } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pglite.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { backends, eachBackend, openTestDb } from '../helpers/db.ts';
import { retainedHeap } from '../helpers/memory.ts';

describe('migrations', () => {
  for (const backend of backends) {
    it(`on ${backend}: two migrate runs started at once apply each migration exactly once`, async () => {
      const empty = await openTestDb(backend, { migrated: false });
      // On the server, two separate pools stand for two processes; PGlite is one process by design.
      const second = empty.url ? await openPostgres({ url: empty.url, poolSize: 2 }) : empty.db;
      try {
        const [a, b] = await Promise.all([migrate(empty.db), migrate(second)]);
        const all = readMigrations().map((m) => `${String(m.id).padStart(4, '0')}_${m.name}`);
        assert.deepEqual([...a, ...b].sort(), all, 'each migration applied by exactly one of the two runs');
        const rows = await appliedMigrations(empty.db);
        assert.equal(rows.length, all.length);
        assert.deepEqual(await migrate(empty.db), [], 'a third run applies nothing');
      } finally {
        if (second !== empty.db) await second.close();
        await empty.cleanup();
      }
    });

    it(`on ${backend}: a failing migration is rolled back whole, reported with its name, and not recorded`, async () => {
      const empty = await openTestDb(backend, { migrated: false });
      try {
        const good = readMigrations();
        const broken = [...good, { id: good.length + 1, name: 'broken', sql: 'create table half_done (id int);\nselect no_such_function();' }];
        await assert.rejects(migrate(empty.db, broken), (err) => {
          assert.ok(isFlywheelError(err, 'FLY_DB_MIGRATION_FAILED'));
          assert.match(err.message, /_broken failed/);
          return true;
        });
        const recorded = (await appliedMigrations(empty.db)).map((r) => r.name);
        assert.ok(!recorded.includes('broken'));
        const tables = await empty.db.query("select 1 from information_schema.tables where table_name = 'half_done'");
        assert.equal(tables.length, 0, 'the half-applied table was rolled back');
      } finally {
        await empty.cleanup();
      }
    });
  }
});

describe('storage', () => {
  eachBackend((get) => {
    it('a rolled-back transaction loses nothing already committed', async () => {
      const { db } = get();
      await db.query("insert into checkpoints (name, base_url, model) values ('kept', 'http://127.0.0.1:1/v1', 'm')");
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query("insert into checkpoints (name, base_url, model) values ('lost', 'http://127.0.0.1:1/v1', 'm')");
          await tx.query("update checkpoints set model = 'changed' where name = 'kept'");
          throw new Error('boom');
        }),
        /boom/,
      );
      const rows = await db.query<{ name: string; model: string }>('select name, model from checkpoints order by name');
      assert.deepEqual(rows, [{ name: 'kept', model: 'm' }]);
    });

    it('a committed transaction is visible afterwards and returns its value', async () => {
      const { db } = get();
      const id = await db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>("insert into checkpoints (name, base_url, model) values ('tx', 'http://127.0.0.1:1/v1', 'm') returning id");
        return row?.id;
      });
      assert.equal(typeof id, 'number');
      const [row] = await db.query<{ name: string }>('select name from checkpoints where id = $1', [id]);
      assert.equal(row?.name, 'tx');
    });

    it('only one checkpoint can be current', async () => {
      const { db } = get();
      await db.query("insert into checkpoints (name, base_url, model, is_current) values ('c1', 'http://127.0.0.1:1/v1', 'm', true)");
      await assert.rejects(db.query("insert into checkpoints (name, base_url, model, is_current) values ('c2', 'http://127.0.0.1:1/v1', 'm', true)"));
    });

    it('a sample with the same content hash is stored once', async () => {
      const { db } = get();
      const [cp] = await db.query<{ id: number }>("insert into checkpoints (name, base_url, model) values ('s', 'http://127.0.0.1:1/v1', 'm') returning id");
      const [round] = await db.query<{ id: number }>('insert into rounds (checkpoint_id) values ($1) returning id', [cp?.id]);
      const [problem] = await db.query<{ id: number }>(
        "insert into problems (round_id, seq, seed, topic, difficulty) values ($1, 1, '{}'::jsonb, 'arrays', 'easy') returning id",
        [round?.id],
      );
      const insert = () =>
        db.query(
          `insert into samples (problem_id, round_id, checkpoint_id, language, topic, difficulty, problem, solution, tests, dialog, verdict,
             judge_correct, judge_style, content_hash)
           values ($1, $2, $3, 'python', 'arrays', 'easy', '{}'::jsonb, 'def f(): pass', 'def test_f(): pass', '[]'::jsonb, '{}'::jsonb, 1, 1, 'h1')
           on conflict (content_hash) do nothing returning id`,
          [problem?.id, round?.id, cp?.id],
        );
      assert.equal((await insert()).length, 1);
      assert.equal((await insert()).length, 0);
    });

    it('a stream of 100k rows keeps memory flat', async () => {
      const { db } = get();
      const sql = "select i::int8 as id, repeat('x', 200) as body from generate_series(1, 100000) as i";
      // The same rows loaded whole are the yardstick the cursor must stay far below.
      const beforeLoad = retainedHeap();
      let loaded: unknown[] | undefined = await db.query(sql);
      const loadGrowth = retainedHeap() - beforeLoad;
      assert.equal(loaded.length, 100000);
      loaded = undefined;

      const base = retainedHeap();
      let peak = 0;
      let count = 0;
      let sum = 0;
      for await (const row of db.stream<{ id: number; body: string }>(sql, [], 500)) {
        count++;
        sum += row.id;
        if (count % 10000 === 0) peak = Math.max(peak, retainedHeap() - base);
      }
      assert.equal(count, 100000);
      assert.equal(sum, (100000 * 100001) / 2);
      assert.ok(loadGrowth > 20 * 1024 * 1024, `loading 100k rows whole should retain >20 MiB, retained ${loadGrowth}`);
      assert.ok(peak < 4 * 1024 * 1024, `streaming retained ${peak} bytes at its peak (loading whole: ${loadGrowth})`);
    });

    it('leaving a stream early closes its cursor and the database stays usable', async () => {
      const { db } = get();
      let seen = 0;
      for await (const _row of db.stream('select i from generate_series(1, 10000) as i', [], 100)) {
        if (++seen === 150) break;
      }
      assert.equal(seen, 150);
      const [row] = await db.query<{ n: number }>('select count(*)::int8 as n from generate_series(1, 5)');
      assert.equal(row?.n, 5);
    });

    it('an error inside a stream reaches the loop', async () => {
      const { db } = get();
      await assert.rejects(async () => {
        for await (const _row of db.stream('select 1 / (i - 500) from generate_series(1, 1000) as i', [], 100)) {
          // consume
        }
      }, /division by zero/);
      assert.equal((await db.query('select 1 as one')).length, 1);
    });
  });
});

describe('embedded database', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('keeps its data across a close and reopen of the data directory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-pglite-'));
    dirs.push(dir);
    const first = await openPglite({ dataDir: dir });
    await migrate(first);
    await first.query("insert into checkpoints (name, base_url, model) values ('persisted', 'http://127.0.0.1:1/v1', 'm')");
    await first.close();
    const second = await openPglite({ dataDir: dir });
    try {
      const rows = await second.query<{ name: string }>('select name from checkpoints');
      assert.deepEqual(rows, [{ name: 'persisted' }]);
    } finally {
      await second.close();
    }
  });

  it('refuses a data directory another live process holds, naming the way out', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-pglite-'));
    dirs.push(dir);
    // pid 1 is always alive and never this process.
    fs.writeFileSync(path.join(dir, 'flywheel.lock'), '1');
    await assert.rejects(openPglite({ dataDir: dir }), (err) => {
      assert.ok(isFlywheelError(err, 'FLY_DB_UNAVAILABLE'));
      assert.match(err.message, /in use by process 1.*DATABASE_URL/);
      return true;
    });
  });
});
