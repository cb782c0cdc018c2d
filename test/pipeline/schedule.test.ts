// The nightly schedule on a fast clock: two replicas (two schedules over two connection pools on one
// database) tick every second, and exactly one round starts; the other ticks skip and say why.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { checkSchedule, startSchedule, startScheduledRound, type ScheduleDeps } from '../../src/pipeline/schedule.ts';
import { isFlywheelError } from '../../src/errors.ts';
import { loadPrompts, type Prompts } from '../../src/llm/index.ts';
import type { Db } from '../../src/store/db.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { eachBackend } from '../helpers/db.ts';
import { seedRound } from '../export/seed.ts';

function capturingLog(): { log: ScheduleDeps['log']; messages: string[] } {
  const messages: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) messages.push((JSON.parse(line) as { msg: string }).msg);
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), messages };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('nightly schedule', () => {
  let prompts: Prompts;
  before(async () => {
    prompts = await loadPrompts();
  });

  it('a wrong expression or time zone stops start-up naming the setting', () => {
    assert.ok(checkSchedule('0 2 * * *', 'Europe/Berlin') instanceof Date);
    assert.throws(() => checkSchedule('0 25 * * *', 'UTC'), (err) => isFlywheelError(err, 'FLY_CONFIG_INVALID') && /FLYWHEEL_CRON "0 25 \* \* \*"/.test(err.message));
    assert.throws(() => checkSchedule('0 2 * * *', 'Mars/Olympus'), (err) => isFlywheelError(err, 'FLY_CONFIG_INVALID') && /FLYWHEEL_CRON_TZ "Mars\/Olympus"/.test(err.message));
  });

  eachBackend((get, backend) => {
    let second: Db;
    before(async () => {
      const { db, url } = get();
      // Two replicas: on the server two pools, as two processes would have; PGlite is one process by design.
      second = url ? await openPostgres({ url, poolSize: 2 }) : db;
    });
    after(async () => {
      if (second && second !== get().db) await second.close();
    });

    const roundsSince = async (id: number) => get().db.query<{ id: number; status: string; settings: { seed: number } }>('select id, status, settings from rounds where id > $1 order by id', [id]);

    it('without a current checkpoint a tick starts nothing and says so', async () => {
      const { log } = capturingLog();
      assert.deepEqual(await startScheduledRound({ db: get().db, prompts, log }), { skipped: 'no-checkpoint' });
    });

    it(`two replicas ticking every second start exactly one round (${backend})`, async () => {
      const { db } = get();
      const seeded = await seedRound(db);
      await db.query('update checkpoints set is_current = true where id = $1', [seeded.checkpointId]);
      const a = capturingLog();
      const b = capturingLog();
      const started: number[] = [];
      const schedules = [
        startSchedule({ deps: { db, prompts, log: a.log }, expression: '*/1 * * * * *', timezone: 'UTC', settings: { size: 2 }, onStarted: (r) => void started.push(r.id) }),
        startSchedule({ deps: { db: second, prompts, log: b.log }, expression: '*/1 * * * * *', timezone: 'UTC', settings: { size: 2 }, onStarted: (r) => void started.push(r.id) }),
      ];
      try {
        await sleep(3200);
      } finally {
        schedules.forEach((s) => s.stop());
      }
      await sleep(300);
      const rounds = await roundsSince(seeded.roundId);
      assert.equal(rounds.length, 1, `rounds started: ${JSON.stringify(rounds)}`);
      assert.deepEqual(started, [rounds[0]?.id]);
      assert.equal(rounds[0]?.status, 'running');
      const messages = [...a.messages, ...b.messages];
      assert.equal(messages.filter((m) => m === 'scheduled round started').length, 1);
      const skipped = messages.filter((m) => m.startsWith('tick skipped'));
      assert.ok(skipped.length >= 3, `ticks after the first skip: ${JSON.stringify(messages)}`);
      assert.ok(skipped.every((m) => m === 'tick skipped: a round is still open' || m === 'tick skipped: another replica is starting the round'));
      const [problems] = await db.query<{ n: number }>('select count(*)::int8 as n from problems where round_id = $1', [rounds[0]?.id]);
      assert.equal(problems?.n, 2, 'the round was created whole, with the scheduled settings');
      await db.query(`update rounds set status = 'done' where id = $1`, [rounds[0]?.id]);
    });

    it('ten ticks at once over two pools start one round; the rest skip', async () => {
      const { db } = get();
      const [last] = await db.query<{ id: number }>('select max(id)::int8 as id from rounds');
      const deps = (d: Db): ScheduleDeps => ({ db: d, prompts, log: capturingLog().log });
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => startScheduledRound(deps(i % 2 === 0 ? db : second), { size: 1 })));
      const started = results.filter((r) => 'started' in r);
      assert.equal(started.length, 1, JSON.stringify(results));
      for (const r of results) if (!('started' in r)) assert.ok(r.skipped === 'locked' || r.skipped === 'round-open', JSON.stringify(r));
      assert.equal((await roundsSince(last?.id ?? 0)).length, 1);
      await db.query(`update rounds set status = 'done' where status = 'running'`);
    });

    it('scheduled rounds draw with a new seed each time', async () => {
      const { db } = get();
      const log = capturingLog().log;
      const first = await startScheduledRound({ db, prompts, log }, { size: 1 });
      await db.query(`update rounds set status = 'done' where status = 'running'`);
      await sleep(1100);
      const next = await startScheduledRound({ db, prompts, log }, { size: 1 });
      await db.query(`update rounds set status = 'done' where status = 'running'`);
      assert.ok('started' in first && 'started' in next);
      assert.notEqual((first.started.settings as { seed: number }).seed, (next.started.settings as { seed: number }).seed);
    });
  });
});
