// Rounds survive what production does to them: a model server that fails and answers garbage, several
// workers sharing one round, and a worker process killed with SIGKILL at any point and resumed.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openPostgres } from '../../src/store/postgres.ts';
import { createRoundStore } from '../../src/store/rounds.ts';
import type { RoundStats } from '../../src/pipeline/stats.ts';
import type { Db } from '../../src/store/db.ts';
import { openTestDb, type TestDb } from '../helpers/db.ts';
import { bankOf, benchmarkFile, flywheel, startEngine, type Engine } from '../helpers/pipeline.ts';

const root = path.resolve(import.meta.dirname, '../..');
// Four problems whose python and php outcomes are known: all accepted, three after a revision.
const bank = ['two-sum', 'valid-parentheses', 'min-cost-climbing-stairs', 'kth-largest-element'];
const expected = {
  source: { solvedFirstTry: 1, selfCorrected: 3, failedAfterRevisions: 0, rejectedByJudge: 0, errors: 0 },
  translations: { php: { accepted: 4, fixedByRevision: 1, failed: 0, rejectedByJudge: 0 } },
  samples: 8,
};

// How each problem of the bank ends, by title: revisions of its accepted python and php samples.
const paths: Record<string, { python: number; php: number }> = {
  'Two Sum': { python: 0, php: 0 },
  'Valid Parentheses': { python: 1, php: 1 },
  'Min Cost Climbing Stairs': { python: 1, php: 0 },
  'Kth Largest Element': { python: 1, php: 0 },
};

function outcomeOf(stats: RoundStats) {
  return { source: stats.source, translations: stats.translations, samples: stats.samples, open: stats.open };
}

async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql, params);
  return row?.n ?? 0;
}

describe('durable rounds', () => {
  let engine: Engine;
  const bankDir = bankOf(bank);
  const dbs: TestDb[] = [];
  const fresh = async () => {
    const t = await openTestDb('postgres');
    dbs.push(t);
    return t;
  };
  before(async () => {
    engine = await startEngine();
  });
  after(async () => {
    await engine?.close();
    await Promise.all(dbs.map((d) => d.cleanup()));
    fs.rmSync(bankDir, { recursive: true, force: true });
  });

  it('500s, 429s, dropped connections and malformed answers from the model lose no item', async () => {
    const { db } = await openTestDb('pglite');
    try {
      const fw = await flywheel(engine, db, { bankDir, faults: { failRate: 0.15, rateLimitRate: 0.15, retryAfterMs: 20, dropRate: 0.1, malformedRate: 0.1, seed: 7 } });
      try {
        const roundId = await fw.start({ size: bank.length, languages: ['php'], malformedRetries: 6 });
        const { round, stats } = await fw.run(roundId);
        assert.equal(round.status, 'done');
        assert.deepEqual(outcomeOf(stats), { ...expected, open: 0 });
        const faults = fw.standin.stats().faults;
        assert.ok(faults.failed > 0 && faults.malformed > 0 && faults.dropped > 0 && faults.rateLimited > 0, `faults were injected: ${JSON.stringify(faults)}`);
      } finally {
        await fw.close();
      }
    } finally {
      await db.close();
    }
  });

  it('three workers on one round end with the same totals as one worker, each problem settled once', async () => {
    const single = await fresh();
    const fw1 = await flywheel(engine, single.db, { bankDir });
    let alone: RoundStats;
    try {
      const { stats } = await fw1.run(await fw1.start({ size: bank.length, languages: ['php'] }));
      alone = stats;
    } finally {
      await fw1.close();
    }

    const shared = await fresh();
    const fw3 = await flywheel(engine, shared.db, { bankDir });
    // Each worker has its own connection pool, as separate processes would.
    const pools = await Promise.all([1, 2, 3].map(() => openPostgres({ url: shared.url ?? '', poolSize: 4 })));
    try {
      const roundId = await fw3.start({ size: bank.length, languages: ['php'] });
      const settled = new Map<number, string[]>();
      await Promise.all(
        pools.map((pool, i) =>
          import('../../src/pipeline/round.ts').then(({ runRound }) =>
            runRound({ ...fw3.deps, db: pool, rounds: createRoundStore(pool) }, roundId, {
              owner: `worker-${i}`, concurrency: 2, leaseMs: 30_000, pollMs: 100,
              onItem: (p) => settled.set(p.id, [...(settled.get(p.id) ?? []), `worker-${i}`]),
            }),
          ),
        ),
      );
      const stats = (await import('../../src/pipeline/stats.ts')).roundStats;
      assert.deepEqual(outcomeOf(await stats(shared.db, roundId)), outcomeOf(alone));
      assert.deepEqual(outcomeOf(alone), { ...expected, open: 0 });
      assert.equal(settled.size, bank.length);
      assert.ok([...settled.values()].every((workers) => workers.length === 1), 'no problem worked on twice');
      assert.equal((await createRoundStore(shared.db).get(roundId))?.status, 'done');
    } finally {
      await Promise.all(pools.map((p) => p.close()));
      await fw3.close();
    }
  });

  // Kill points: early in the first problems, in the middle, right after the first sample is stored.
  const killPoints = [
    { name: 'after 2 model calls', ready: (db: Db) => count(db, "select count(*)::int8 as n from attempts where kind = 'llm'").then((n) => n >= 2) },
    { name: 'after 12 model calls', ready: (db: Db) => count(db, "select count(*)::int8 as n from attempts where kind = 'llm'").then((n) => n >= 12) },
    { name: 'after the first sample is stored', ready: (db: Db) => count(db, 'select count(*)::int8 as n from samples').then((n) => n >= 1) },
  ];

  for (const point of killPoints) {
    it(`a worker killed with SIGKILL ${point.name} is resumed with no sample lost or doubled and no model call repaid`, async () => {
      const t = await fresh();
      const fw = await flywheel(engine, t.db, { bankDir, name: 'killed' });
      try {
        const env = {
          // runc: what is under test is the round's durability, not the runtime (gVisor's start-up would only add time).
          ...process.env, DATABASE_URL: t.url ?? '', LOG_LEVEL: 'silent', SANDBOX_POOL_SIZE: '1', SANDBOX_TIMEOUT_MS: '4000', SANDBOX_RUNTIME: 'runc',
        };
        const runArgs = ['run', '--size', String(bank.length), '--languages', 'php', '--benchmark', benchmarkFile, '--concurrency', '4'];
        const child = start(runArgs, env);
        const deadline = Date.now() + 120_000;
        while (!(await point.ready(t.db))) {
          if (child.exitCode !== null) assert.fail(`the worker ended (${child.exitCode}) before the kill point: ${child.output()}`);
          assert.ok(Date.now() < deadline, 'kill point not reached in time');
          await new Promise((r) => setTimeout(r, 25));
        }
        child.process.kill('SIGKILL');
        await child.exited;
        await new Promise((r) => setTimeout(r, 200));
        const callsBefore = fw.standin.stats().chatRequests;
        const recordedBefore = await count(t.db, "select count(*)::int8 as n from attempts where kind = 'llm'");
        const [round] = await t.db.query<{ id: number; status: string }>('select id, status from rounds');
        assert.equal(round?.status, 'running', 'the round was cut short');

        const resumed = start(['resume', String(round.id), '--concurrency', '4'], env);
        assert.equal(await resumed.exited, 0, resumed.output());
        const callsDuring = fw.standin.stats().chatRequests - callsBefore;
        const recordedDuring = (await count(t.db, "select count(*)::int8 as n from attempts where kind = 'llm'")) - recordedBefore;
        assert.equal(callsDuring, recordedDuring, 'every call the resume made was new work, and recorded');

        // A problem call in flight at the kill was answered but never recorded: the stand-in, a counter over its
        // bank, then gives the re-asked request the next problem, which may repeat one (and is dropped as such).
        // So each problem is checked against what it was served: per title, one accepted with its known path,
        // any repeat dropped as a duplicate; without such a loss that is exactly the uninterrupted round.
        const rows = await t.db.query<{ title: string; status: string; drop_reason: string | null; python: number | null; php: number | null }>(
          `select p.title, p.status, p.drop_reason,
             (select o.revisions from outcomes o where o.problem_id = p.id and o.language = 'python' and o.outcome = 'accepted') as python,
             (select o.revisions from outcomes o where o.problem_id = p.id and o.language = 'php' and o.outcome = 'accepted') as php
           from problems p order by p.id`,
        );
        assert.equal(rows.length, bank.length);
        const titles = new Set(rows.map((r) => r.title));
        for (const title of titles) {
          const served = rows.filter((r) => r.title === title);
          const accepted = served.filter((r) => r.status === 'accepted');
          assert.deepEqual(accepted.map((r) => ({ python: r.python, php: r.php })), [paths[title]], `${title}: one accepted, on its known path`);
          for (const r of served.filter((x) => x.status !== 'accepted')) assert.match(`${r.status}: ${r.drop_reason}`, /^dropped: duplicate: /);
        }
        assert.equal(await count(t.db, 'select count(*)::int8 as n from samples'), 2 * titles.size);
        if (titles.size === bank.length) {
          const stats = (await import('../../src/pipeline/stats.ts')).roundStats;
          assert.deepEqual(outcomeOf(await stats(t.db, round.id)), { ...expected, open: 0 });
        }
        assert.equal(await count(t.db, 'select count(*)::int8 as n from (select problem_id, language from samples group by 1, 2 having count(*) > 1) d'), 0);
        assert.equal((await createRoundStore(t.db).get(round.id))?.status, 'done');
        assert.equal(await count(t.db, "select count(*)::int8 as n from problems where status in ('pending', 'active')"), 0);
      } finally {
        await fw.close();
      }
    });
  }
});

function start(args: string[], env: NodeJS.ProcessEnv): { process: ChildProcess; exited: Promise<number | null>; output: () => string; exitCode: number | null } {
  const child = spawn(process.execPath, [path.join(root, 'bin/flywheel.js'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const handle = {
    process: child,
    exitCode: null as number | null,
    exited: new Promise<number | null>((resolve) => child.on('exit', (code) => {
      handle.exitCode = code ?? -1;
      resolve(code);
    })),
    output: () => output.slice(-4000),
  };
  return handle;
}
