import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatStats, roundStats } from '../../src/pipeline/stats.ts';
import { busyByStage, createAttemptStore } from '../../src/store/attempts.ts';
import type { Db } from '../../src/store/db.ts';
import { eachBackend } from '../helpers/db.ts';

const t0 = new Date('2024-03-01T12:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);

/** A round started at `startedAt` (finished at `finishedAt`, or open) with one problem; its ids. */
async function round(db: Db, name: string, startedAt: string, finishedAt: string | null): Promise<{ roundId: number; problemId: number; checkpointId: number }> {
  const [cp] = await db.query<{ id: number }>("insert into checkpoints (name, base_url, model) values ($1, 'http://127.0.0.1:1/v1', 'm') returning id", [name]);
  const [r] = await db.query<{ id: number }>(
    "insert into rounds (checkpoint_id, status, started_at, finished_at) values ($1, 'running', $2::timestamptz, $3::timestamptz) returning id",
    [cp?.id, startedAt, finishedAt],
  );
  const [p] = await db.query<{ id: number }>(
    "insert into problems (round_id, seq, seed, topic, difficulty, status) values ($1, 1, '{}'::jsonb, 'arrays', 'easy', 'accepted') returning id",
    [r?.id],
  );
  if (!cp || !r || !p) throw new Error('set-up inserted no row');
  return { roundId: r.id, problemId: p.id, checkpointId: cp.id };
}

/** Records calls of `stage` that ran over [start, end] seconds after t0, in the order given. */
async function calls(db: Db, ids: { roundId: number; problemId: number }, stage: string, spans: [number, number][]): Promise<void> {
  const attempts = createAttemptStore(db);
  for (const [i, [start, end]] of spans.entries()) {
    await attempts.record({
      problemId: ids.problemId, roundId: ids.roundId, checkpointId: null, key: `${stage}:${i}`, kind: 'check', stage, language: null,
      promptVersion: null, request: null, response: null, ok: true, errorCode: null, promptTokens: 0, completionTokens: 0,
      latencyMs: (end - start) * 1000, finishReason: null, endedAt: at(end),
    });
  }
}

describe('round stats: time', () => {
  eachBackend((get) => {
    it('a stage is busy for the union of its calls: overlaps and nesting count once, gaps not at all', async () => {
      const { db } = get();
      const ids = await round(db, 'union', t0.toISOString(), at(100).toISOString());
      await calls(db, ids, 'overlapping', [[0, 10], [5, 15]]);
      await calls(db, ids, 'nested', [[0, 20], [5, 10]]);
      await calls(db, ids, 'disjoint', [[0, 5], [10, 15]]);
      await calls(db, ids, 'touching', [[0, 5], [5, 10]]);
      // Recorded out of order: the last one bridges the first two.
      await calls(db, ids, 'chained', [[30, 40], [0, 10], [8, 32]]);
      await calls(db, ids, 'empty', [[5, 5]]);
      // Reaching out of the round's wall time (another host's clock): clipped to it.
      await calls(db, ids, 'clipped', [[-10, 5], [95, 110]]);
      const busy = await busyByStage(db, ids.roundId, { from: t0, to: at(100) });
      const seconds = Object.fromEntries(busy.map((b) => [b.stage, [b.calls, b.busy_ms / 1000, b.sum_ms / 1000]]));
      assert.deepEqual(seconds, {
        overlapping: [2, 15, 20],
        nested: [2, 20, 25],
        disjoint: [2, 10, 10],
        touching: [2, 10, 10],
        chained: [3, 40, 44],
        empty: [1, 0, 0],
        clipped: [2, 10, 10],
      });
    });

    it('a round without calls has no busy stages', async () => {
      const { db } = get();
      const ids = await round(db, 'no-calls', t0.toISOString(), at(10).toISOString());
      assert.deepEqual(await busyByStage(db, ids.roundId, { from: t0, to: at(10) }), []);
      const stats = await roundStats(db, ids.roundId);
      assert.deepEqual(stats.time, { wallMs: 10_000, samplesPerSecond: 0, stages: {} });
    });

    it('the summary gives the wall time and each stage busy share of it, not the sum of overlapping calls', async () => {
      const { db } = get();
      const ids = await round(db, 'summary', t0.toISOString(), at(60).toISOString());
      await calls(db, ids, 'verify', [[0, 30], [10, 40], [20, 45]]);
      await calls(db, ids, 'problem', [[0, 6], [6, 12]]);
      await calls(db, ids, 'judge', [[50, 51]]);
      await calls(db, ids, 'screen', [[12, 12]]);
      for (const language of ['python', 'php', 'typescript']) {
        await db.query(
          `insert into samples (problem_id, round_id, checkpoint_id, language, topic, difficulty, problem, solution, tests, dialog, verdict,
             judge_correct, judge_style, content_hash)
           values ($1, $2, $3, $4, 'arrays', 'easy', '{}'::jsonb, '', '', '[]'::jsonb, '{}'::jsonb, 1, 1, $5)`,
          [ids.problemId, ids.roundId, ids.checkpointId, language, `summary-${language}`],
        );
      }
      const stats = await roundStats(db, ids.roundId);
      assert.equal(stats.time.wallMs, 60_000);
      assert.equal(stats.time.samplesPerSecond, 0.05);
      const verify = stats.time.stages.verify;
      assert.ok(verify);
      assert.equal(verify.calls, 3);
      assert.equal(verify.busyMs, 45_000);
      assert.equal(verify.busyShare, 0.75);
      assert.equal(verify.meanInFlight.toFixed(3), (85 / 45).toFixed(3));
      assert.deepEqual(stats.time.stages.problem, { calls: 2, busyMs: 12_000, busyShare: 0.2, meanInFlight: 1 });
      assert.deepEqual(stats.time.stages.screen, { calls: 1, busyMs: 0, busyShare: 0, meanInFlight: 0 });

      const lines = formatStats(ids.roundId, stats).split('\n').map((l) => l.trim().replace(/ {2,}/g, ' | '));
      assert.ok(lines.includes('wall time | 60.0 s (0.05 samples stored per second)'), lines.join('\n'));
      assert.ok(lines.includes('verify busy | 75% of the wall time, 1.9 calls in flight on average'), lines.join('\n'));
      assert.ok(lines.includes('problem busy | 20% of the wall time, 1.0 calls in flight on average'), lines.join('\n'));
      assert.ok(lines.includes('judge busy | 2% of the wall time, 1.0 calls in flight on average'), lines.join('\n'));
      assert.ok(lines.includes('screen busy | 0% of the wall time'), lines.join('\n'));
      assert.ok(!lines.some((l) => l.startsWith('time in')));
    });

    it("an open round's wall time runs to now, and a call recorded without its end time ends at its insert", async () => {
      const { db } = get();
      const [start] = await db.query<{ s: Date }>("select now() - interval '10 minutes' as s");
      assert.ok(start);
      const ids = await round(db, 'open', start.s.toISOString(), null);
      await createAttemptStore(db).record({
        problemId: ids.problemId, roundId: ids.roundId, checkpointId: null, key: 'solution', kind: 'llm', stage: 'solution', language: 'python',
        promptVersion: null, request: null, response: null, ok: true, errorCode: null, promptTokens: 0, completionTokens: 0,
        latencyMs: 60_000, finishReason: null,
      });
      const stats = await roundStats(db, ids.roundId);
      // Bounded generously: only that the span reaches from the start to about now.
      assert.ok(stats.time.wallMs >= 600_000 && stats.time.wallMs < 900_000, String(stats.time.wallMs));
      assert.equal(stats.time.stages.solution?.busyMs, 60_000);
    });
  });
});
