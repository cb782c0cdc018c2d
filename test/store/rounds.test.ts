import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultRoundSettings } from '../../src/schemas/round-settings.ts';
import { createRoundStore } from '../../src/store/rounds.ts';
import { createAttemptStore } from '../../src/store/attempts.ts';
import { createSampleStore } from '../../src/store/samples.ts';
import type { Db } from '../../src/store/db.ts';
import { eachBackend } from '../helpers/db.ts';

async function checkpoint(db: Db, name: string): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    "insert into checkpoints (name, base_url, model) values ($1, 'http://127.0.0.1:1/v1', 'm') returning id",
    [name],
  );
  return row?.id ?? -1;
}

const seeds = [
  { topic: 'arrays', difficulty: 'easy' },
  { topic: 'graphs', difficulty: 'hard', snippet: { code: 'def f(): pass', language: 'python', source: 'sample:1' } },
  { topic: 'strings', difficulty: 'medium' },
];

describe('rounds and work items', () => {
  eachBackend((get) => {
    it('a round is created with one problem per seed, in order', async () => {
      const { db } = get();
      const rounds = createRoundStore(db);
      const round = await rounds.create({ checkpointId: await checkpoint(db, 'create'), settings: { ...defaultRoundSettings, size: 3 }, seeds });
      assert.equal(round.status, 'running');
      const problems = await db.query<{ seq: number; topic: string; difficulty: string; seed: unknown }>(
        'select seq, topic, difficulty, seed from problems where round_id = $1 order by seq',
        [round.id],
      );
      assert.deepEqual(problems.map((p) => [p.seq, p.topic, p.difficulty]), [[1, 'arrays', 'easy'], [2, 'graphs', 'hard'], [3, 'strings', 'medium']]);
      assert.deepEqual(problems[1]?.seed, seeds[1]);
    });

    it('concurrent claims never hand the same problem to two workers', async () => {
      const { db } = get();
      const rounds = createRoundStore(db);
      const round = await rounds.create({ checkpointId: await checkpoint(db, 'claim'), settings: defaultRoundSettings, seeds: [...seeds, ...seeds] });
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => rounds.claim(round.id, `w${i}`, 60_000)));
      const ids = claims.filter((c) => c !== undefined).map((c) => c.id);
      assert.equal(ids.length, 6, 'six problems, six claims; the other two find nothing');
      assert.equal(new Set(ids).size, 6);
    });

    it('a lease that ran out is claimed again, and the old owner learns it lost it', async () => {
      const { db } = get();
      const rounds = createRoundStore(db);
      const round = await rounds.create({ checkpointId: await checkpoint(db, 'lease'), settings: defaultRoundSettings, seeds: seeds.slice(0, 1) });
      const first = await rounds.claim(round.id, 'dead-worker', 1);
      assert.ok(first);
      await new Promise((r) => setTimeout(r, 20));
      const second = await rounds.claim(round.id, 'live-worker', 60_000);
      assert.equal(second?.id, first.id);
      assert.equal(await rounds.renew(first.id, 'dead-worker', 60_000), false);
      assert.equal(await rounds.renew(first.id, 'live-worker', 60_000), true);
      assert.equal(await rounds.claim(round.id, 'third', 60_000), undefined);
    });

    it('an accepted sample is stored once with its outcome, even when a replay accepts it again', async () => {
      const { db } = get();
      const rounds = createRoundStore(db);
      const cp = await checkpoint(db, 'accept');
      const round = await rounds.create({ checkpointId: cp, settings: defaultRoundSettings, seeds: seeds.slice(0, 1) });
      const problem = await rounds.claim(round.id, 'w', 60_000);
      assert.ok(problem);
      const samples = createSampleStore(db);
      const sample = {
        problemId: problem.id, roundId: round.id, checkpointId: cp, parentId: null, language: 'python', topic: 'arrays', difficulty: 'easy',
        problem: { title: 't' }, solution: 'def f():\n    return 1\n', tests: 'def test_f():\n    assert f() == 1\n',
        dialog: [{ role: 'user', content: 'x' }], verdict: { status: 'pass' }, judgeCorrect: 1 as const, judgeStyle: 1 as const,
        revisions: 0, promptVersions: { solution: 'abc' }, promptTokens: 10, completionTokens: 20,
      };
      const a = await db.transaction((tx) => samples.accept(tx, sample));
      const b = await db.transaction((tx) => samples.accept(tx, sample));
      assert.equal(a, b);
      assert.equal((await samples.byRound(round.id)).length, 1);
      assert.equal((await samples.outcomes(problem.id)).get('python')?.outcome, 'accepted');
    });

    it('an attempt is recorded once per key and found again by its problem', async () => {
      const { db } = get();
      const rounds = createRoundStore(db);
      const cp = await checkpoint(db, 'attempts');
      const round = await rounds.create({ checkpointId: cp, settings: defaultRoundSettings, seeds: seeds.slice(0, 1) });
      const problem = await rounds.claim(round.id, 'w', 60_000);
      assert.ok(problem);
      const attempts = createAttemptStore(db);
      const attempt = {
        problemId: problem.id, roundId: round.id, checkpointId: cp, key: 'python:solution', kind: 'llm' as const, stage: 'solution',
        language: 'python', promptVersion: 'v1', request: { messages: [] }, response: { text: 'first' }, ok: true, errorCode: null,
        promptTokens: 5, completionTokens: 7, latencyMs: 12, finishReason: 'stop',
      };
      await attempts.record(attempt);
      await attempts.record({ ...attempt, response: { text: 'second' } });
      const found = await attempts.byProblem(problem.id);
      assert.equal(found.size, 1);
      assert.deepEqual(found.get('python:solution')?.response, { text: 'first' });
    });

    it('a round is marked done once, when its last problem is finished', async () => {
      const { db } = get();
      const rounds = createRoundStore(db);
      const round = await rounds.create({ checkpointId: await checkpoint(db, 'finish'), settings: defaultRoundSettings, seeds: seeds.slice(0, 1) });
      assert.equal(await rounds.finishIfComplete(round.id, async () => ({})), false);
      await db.query("update problems set status = 'accepted' where round_id = $1", [round.id]);
      assert.equal(await rounds.finishIfComplete(round.id, async () => ({ accepted: 1 })), true);
      assert.equal(await rounds.finishIfComplete(round.id, async () => ({})), false);
      const done = await rounds.get(round.id);
      assert.equal(done?.status, 'done');
      assert.deepEqual(done?.stats, { accepted: 1 });
    });
  });
});
