// Rounds through the API for real: a checkpoint registered against the stand-in, a round started with
// POST /v1/rounds and worked by the serve process's worker in real sandboxes, watched until done, then its
// samples, checks, lineage, export and metrics; a round cancelled and resumed; and POST /v1/verify. On both
// backends: rounds of two problems are cheap.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultBankDir, startStandin, STANDIN_MODEL } from '../../src/standin/index.ts';
import { eachBackend } from '../helpers/db.ts';
import { bankOf, benchmarkFile, startEngine, type Engine } from '../helpers/pipeline.ts';
import { auth, testApi, type TestApi } from './helpers.ts';

type Json = Record<string, unknown>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bankFile = (id: string, file: string) => fs.readFileSync(path.join(defaultBankDir, id, file), 'utf8');

describe('rounds through the API, with real sandboxes', () => {
  // Round one takes the first two, the cancelled-and-resumed round the next two.
  const bankDir = bankOf(['two-sum', 'valid-parentheses', 'single-number', 'counting-bits']);
  let engine: Engine;
  before(async () => {
    engine = await startEngine();
  });
  after(async () => {
    await engine?.close();
    fs.rmSync(bankDir, { recursive: true, force: true });
  });

  eachBackend((get) => {
    let standin: Awaited<ReturnType<typeof startStandin>>;
    let api: TestApi;

    const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
      const res = await api.app.inject({ method, url, headers: auth, ...(payload !== undefined ? { payload: payload as object } : {}) });
      return { status: res.statusCode, body: String(res.headers['content-type']).startsWith('application/json') ? (res.json() as Json) : {}, text: res.body };
    };
    /** Polls the round until `done(round)` or the deadline; returns the last view. */
    const watch = async (id: number, done: (round: Json) => boolean, seen: Json[] = []): Promise<Json> => {
      const deadline = Date.now() + 150_000;
      for (;;) {
        const { body } = await call('GET', `/v1/rounds/${id}`);
        seen.push(body);
        if (done(body)) return body;
        if (Date.now() > deadline) throw new Error(`round ${id} did not get there: ${JSON.stringify(body).slice(0, 500)}`);
        await sleep(300);
      }
    };

    before(async () => {
      standin = await startStandin({ port: 0, bankDir });
      // One problem at a time, so a round cancelled at once still has problems nobody claimed.
      api = await testApi(get().db, { engine, workers: { concurrency: 1, pollMs: 100 } });
    });
    after(async () => {
      await api?.close();
      await standin?.close();
    });

    let roundId: number;
    const views: Json[] = [];

    it('a round started through the API is worked in the background until done, its progress visible meanwhile', async () => {
      const registered = await call('POST', '/v1/checkpoints', { name: 'standin-1', baseUrl: standin.url, model: STANDIN_MODEL, makeCurrent: true });
      assert.equal(registered.status, 201, registered.text);
      const started = await call('POST', '/v1/rounds', { size: 2, languages: ['php', 'typescript'], revisionBudget: 2, benchmarkFiles: [benchmarkFile] });
      assert.equal(started.status, 202, started.text);
      roundId = started.body.id as number;
      const done = await watch(roundId, (r) => r.status === 'done', views);
      assert.ok(views.some((v) => v.status === 'running' && (v.progress as { open: number }).open > 0), 'seen running with open problems');
      assert.deepEqual(done.progress, { total: 2, open: 0, stages: [{ stage: 'done', status: 'accepted', count: 2 }] });
      const stats = done.stats as { asked: number; samples: number; source: Json; translations: Json };
      assert.equal(stats.asked, 2);
      assert.equal(stats.samples, 6);
      assert.deepEqual(stats.source, { solvedFirstTry: 1, selfCorrected: 1, failedAfterRevisions: 0, rejectedByJudge: 0, errors: 0 });
      assert.ok(done.finishedAt);
      await watch(roundId, (r) => (r.worker as { active: boolean }).active === false);
    });

    it('its samples are listed, and one shows its dialog, every check and its lineage', async () => {
      const list = await call('GET', `/v1/samples?round=${roundId}`);
      const items = list.body.items as Json[];
      assert.deepEqual(items.map((s) => s.language).sort(), ['php', 'php', 'python', 'python', 'typescript', 'typescript']);
      const python = items.find((s) => s.language === 'python' && s.title === 'Valid Parentheses');
      assert.ok(python);
      const detail = (await call('GET', `/v1/samples/${python.id as number}`)).body;
      assert.equal(detail.revisions, 1);
      const checks = detail.checks as { key: string; verdict: { status: string; stage: string | null } }[];
      assert.deepEqual(checks.map((c) => [c.key, c.verdict.status, c.verdict.stage]), [['python:check:0', 'fail', 'parse'], ['python:check:1', 'pass', null]]);
      assert.ok((detail.dialog as { role: string }[]).some((t) => t.role === 'checker'));
      const lineage = detail.lineage as { parent: null; translations: { language: string }[] };
      assert.equal(lineage.parent, null);
      assert.deepEqual(lineage.translations.map((t) => t.language), ['php', 'typescript']);
    });

    it('the export of the round carries the checker feedback in its dialogs', async () => {
      const res = await call('GET', `/v1/export?format=dialog&round=${roundId}&language=python`);
      const lines = res.text.trim().split('\n').map((l) => JSON.parse(l) as { messages: { role: string; content: string }[]; language: string });
      assert.equal(lines.length, 2);
      assert.ok(lines.some((l) => l.messages.some((m) => m.role === 'user' && m.content.startsWith('Checker feedback (verify):'))));
    });

    it('/metrics counts the round, its samples, its model calls and the sandbox pools', async () => {
      const { text } = await call('GET', '/metrics');
      assert.match(text, /^flywheel_rounds\{status="done"\} 1$/m);
      assert.match(text, /^flywheel_samples_total\{language="python"\} 2$/m);
      assert.match(text, /^flywheel_model_requests_total\{stage="solution",ok="true"\} [1-9]\d*$/m);
      assert.match(text, /^flywheel_model_tokens_total\{stage="problem",kind="completion"\} [1-9]\d*$/m);
      assert.match(text, /^flywheel_sandbox_containers\{image="python"\} [1-9]$/m);
      assert.match(text, /^flywheel_sandbox_jobs_total\{image="python"\} [1-9]\d*$/m);
    });

    it('a cancelled round stops being claimed, stays cancelled, and a resume finishes it', async () => {
      const started = await call('POST', '/v1/rounds', { size: 2, languages: ['php'], revisionBudget: 1 });
      const id = started.body.id as number;
      const cancelled = await call('POST', `/v1/rounds/${id}/cancel`);
      assert.equal(cancelled.body.status, 'cancelled');
      const stopped = await watch(id, (r) => (r.worker as { active: boolean }).active === false);
      assert.equal(stopped.status, 'cancelled', 'the problem in flight settles without reopening the round');
      const progress = stopped.progress as { open: number; stages: { stage: string; status: string; count: number }[] };
      assert.ok(progress.open >= 1, `a problem was never claimed: ${JSON.stringify(progress)}`);
      assert.ok(progress.stages.some((s) => s.status === 'pending'));

      const resumed = await call('POST', `/v1/rounds/${id}/resume`);
      assert.equal(resumed.status, 202);
      const done = await watch(id, (r) => r.status === 'done');
      assert.deepEqual((done.progress as { open: number }).open, 0);
      assert.equal((done.stats as { samples: number }).samples, 4);
    });

    it('POST /v1/verify checks one sample, and a batch in order with an unknown language answered as an error', async () => {
      const code = bankFile('two-sum', 'solution.py');
      const tests = bankFile('two-sum', 'test_solution.py');
      const one = await call('POST', '/v1/verify', { id: 'two-sum', language: 'python', code, tests });
      assert.equal(one.status, 200, one.text);
      assert.equal(one.body.id, 'two-sum');
      assert.equal(one.body.status, 'pass');
      assert.ok((one.body.tests as { passed: number }).passed > 0);

      const wrong = code.replace(/return \[/, 'return [1 + ');
      const batch = await call('POST', '/v1/verify', {
        items: [
          { id: 1, language: 'python', code, tests },
          { language: 'python', code: wrong, tests },
          { id: 3, language: 'cobol', code: 'x', tests: 'y' },
          { id: 'four', language: 'python', code: wrong, tests },
        ],
      });
      assert.equal(batch.status, 200, batch.text);
      const results = batch.body.results as { index: number; id: unknown; status: string; diagnostics: { message: string }[] }[];
      assert.deepEqual(results.map((r) => [r.index, r.id, r.status]), [[0, 1, 'pass'], [1, null, 'fail'], [2, 3, 'error'], [3, 'four', 'fail']]);
      assert.match(results[2]?.diagnostics[0]?.message ?? '', /item 2: .*cobol/);
      assert.deepEqual(batch.body.summary, { pass: 1, fail: 2, error: 1 });

      const unknown = await call('POST', '/v1/verify', { language: 'cobol', code: 'x', tests: 'y' });
      assert.equal(unknown.status, 400);
      assert.equal((unknown.body.error as Json).code, 'FLY_LANGUAGE_UNKNOWN');
    });
  });
});
