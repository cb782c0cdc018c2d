// A whole round against the stand-in on both store backends, with real sandboxes and checks, over a part of
// the bank chosen so that every path of the pipeline is taken at least once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { RoundStats } from '../../src/pipeline/stats.ts';
import type { SampleRow } from '../../src/store/samples.ts';
import { eachBackend } from '../helpers/db.ts';
import { bankOf, flywheel, startEngine, type Engine } from '../helpers/pipeline.ts';

// In serving order; what each exercises is in the bank's README.
const bank = [
  'two-sum', // right first time everywhere
  'valid-parentheses', // python syntax error, php translation syntax error: fixed by revision
  'pair-with-target-sum', // near-duplicate of two-sum: dropped
  'min-cost-climbing-stairs', // wrong tests: the revision fixes the tests
  'best-time-to-buy-sell-stock', // correct but ugly: the judge says style 0, the revision is accepted
  'basic-calculator', // never fixed: given up after the revision budget
  'valid-palindrome', // shares a run of words with a benchmark prompt: dropped as contaminated
  'happy-number', // infinite loop in python and php: timeout, fixed by revision
  'kth-largest-element', // undefined name in python and typescript: lint, fixed by revision
];

describe('a whole round', () => {
  let engine: Engine;
  const bankDir = bankOf(bank);
  before(async () => {
    engine = await startEngine();
  });
  after(async () => {
    await engine?.close();
    fs.rmSync(bankDir, { recursive: true, force: true });
  });

  eachBackend((get) => {
    let stats: RoundStats;
    let samples: SampleRow[];
    let roundId: number;
    const byTitle = (title: string, language: string) => samples.find((s) => (s.problem as { title?: string }).title === title && s.language === language);

    before(async () => {
      const { db } = get();
      const fw = await flywheel(engine, db, { bankDir });
      try {
        roundId = await fw.start({ size: bank.length, languages: ['php', 'typescript'] });
        const result = await fw.run(roundId);
        assert.equal(result.round.status, 'done');
        stats = result.stats;
        samples = await fw.deps.samples.byRound(roundId);
      } finally {
        await fw.close();
      }
    });

    it('counts every path of the round exactly', () => {
      assert.equal(stats.asked, 9);
      assert.equal(stats.droppedDuplicate, 1);
      assert.equal(stats.droppedContaminated, 1);
      assert.deepEqual(stats.source, { solvedFirstTry: 1, selfCorrected: 5, failedAfterRevisions: 1, rejectedByJudge: 0, errors: 0 });
      assert.deepEqual(stats.translations, {
        php: { accepted: 6, fixedByRevision: 2, failed: 0, rejectedByJudge: 0 },
        typescript: { accepted: 6, fixedByRevision: 1, failed: 0, rejectedByJudge: 0 },
      });
      assert.equal(stats.samples, 18);
      assert.equal(stats.open, 0);
      assert.ok(stats.tokens.perAcceptedSample > 0);
    });

    it("every call's interval lies within the round's wall time, so the busy shares need no clipping", async () => {
      const { db } = get();
      const outside = await db.query<{ key: string }>(
        `select a.key from attempts a join rounds r on r.id = a.round_id
         where a.round_id = $1 and (a.created_at - a.latency_ms * interval '1 millisecond' < r.started_at or a.created_at > r.finished_at)`,
        [roundId],
      );
      assert.deepEqual(outside, []);
      const verify = stats.time.stages.verify;
      assert.ok(verify && verify.busyShare > 0 && verify.busyShare <= 1 && verify.meanInFlight >= 1, JSON.stringify(stats.time));
    });

    it('a syntax error is fixed by revision, with the parser feedback in the dialog', () => {
      const python = byTitle('Valid Parentheses', 'python');
      assert.equal(python?.revisions, 1);
      const checker = python.dialog.filter((t) => (t as { role: string }).role === 'checker');
      assert.match(JSON.stringify(checker[0]), /parse/i);
      assert.equal(byTitle('Valid Parentheses', 'php')?.revisions, 1, 'the php translation failed first, then was fixed');
    });

    it('wrong tests are fixed in the tests, not in the solution', async () => {
      const python = byTitle('Min Cost Climbing Stairs', 'python');
      assert.equal(python?.revisions, 1);
      const [revise] = await get().db.query<{ response: { text: string } }>(
        "select response from attempts where problem_id = $1 and key = 'python:revise:1'",
        [python.problem_id],
      );
      assert.match(revise?.response.text ?? '', /FIX:\s*tests/);
    });

    it('a judge reject goes back to revision and the revised sample is accepted', async () => {
      const python = byTitle('Best Time to Buy and Sell Stock', 'python');
      assert.equal(python?.revisions, 1);
      assert.deepEqual([python.judge_correct, python.judge_style], [1, 1]);
      const [first] = await get().db.query<{ response: { value: { style: number } } }>(
        "select response from attempts where problem_id = $1 and key = 'python:judge:0'",
        [python.problem_id],
      );
      assert.equal(first?.response.value.style, 0);
    });

    it('an infinite loop ends at the timeout and is fixed by revision', async () => {
      const python = byTitle('Happy Number', 'python');
      assert.equal(python?.revisions, 1);
      const [check] = await get().db.query<{ response: { limit: string; status: string } }>(
        "select response from attempts where problem_id = $1 and key = 'python:check:0'",
        [python.problem_id],
      );
      assert.deepEqual([check?.response.status, check?.response.limit], ['fail', 'timeout']);
    });

    it('an undefined name fails at lint and is fixed by revision', async () => {
      const python = byTitle('Kth Largest Element', 'python');
      assert.equal(python?.revisions, 1);
      const [check] = await get().db.query<{ response: { stage: string } }>(
        "select response from attempts where problem_id = $1 and key = 'python:check:0'",
        [python.problem_id],
      );
      assert.equal(check?.response.stage, 'lint');
      assert.equal(byTitle('Kth Largest Element', 'typescript')?.revisions, 1);
    });

    it('a problem never fixed is given up after the revision budget, with every attempt kept', async () => {
      const rows = await get().db.query<{ status: string; outcome: string; revisions: number; checks: number }>(
        `select p.status, o.outcome, o.revisions,
           (select count(*)::int8 from attempts a where a.problem_id = p.id and a.kind = 'check' and a.language = 'python') as checks
         from problems p join outcomes o on o.problem_id = p.id and o.language = 'python'
         where p.round_id = $1 and p.title = 'Basic Calculator'`,
        [roundId],
      );
      assert.deepEqual(rows, [{ status: 'failed', outcome: 'failed', revisions: 3, checks: 4 }]);
    });

    it('duplicates and contaminated problems are dropped before a solution is asked for', async () => {
      const dropped = await get().db.query<{ title: string; drop_reason: string; calls: number }>(
        `select p.title, p.drop_reason, (select count(*)::int8 from attempts a where a.problem_id = p.id and a.stage = 'solution') as calls
         from problems p where p.round_id = $1 and p.status = 'dropped' order by p.title`,
        [roundId],
      );
      assert.equal(dropped.length, 2);
      const contaminated = dropped.find((d) => d.title === 'Valid Palindrome');
      assert.match(contaminated?.drop_reason ?? '', /^contaminated: .*BenchSample\/0/);
      const duplicate = dropped.find((d) => d.title !== 'Valid Palindrome');
      assert.ok(['Two Sum', 'Pair With Target Sum'].includes(duplicate?.title ?? ''));
      assert.match(duplicate?.drop_reason ?? '', /^near-duplicate: Jaccard 0\.\d\d with problem \d+/);
      assert.deepEqual(dropped.map((d) => d.calls), [0, 0]);
    });

    it('every translation is linked to its python parent, with lineage and a unique content hash', () => {
      const python = new Map(samples.filter((s) => s.language === 'python').map((s) => [s.problem_id, s.id]));
      for (const s of samples) {
        if (s.language === 'python') assert.equal(s.parent_id, null);
        else assert.equal(s.parent_id, python.get(s.problem_id), `${s.language} sample ${s.id}`);
        assert.equal(s.round_id, roundId);
        assert.ok(s.dialog.length >= 4, 'prompt, answer, checker and judge turns at least');
        assert.ok(Object.keys(s.prompt_versions).length >= 4);
        assert.ok(s.prompt_tokens > 0 && s.completion_tokens > 0);
      }
      assert.equal(new Set(samples.map((s) => s.content_hash)).size, samples.length);
    });
  });
});
