// The resources through app.inject on both backends, over stored data: checkpoints (registered against the
// stand-in), rounds (started, listed, watched, cancelled, resumed; the worker is a note-taker here, the real
// one is in rounds.test.ts), samples (filters, keyset pages, one with checks and lineage), metrics, probes
// and the OpenAPI document.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStandin, STANDIN_MODEL } from '../../src/standin/index.ts';
import { eachBackend } from '../helpers/db.ts';
import { insertSamples, seedRound, type Seeded } from '../export/seed.ts';
import { auth, notingWorkers, testApi, type TestApi } from './helpers.ts';

type Json = Record<string, unknown>;

describe('resources', () => {
  let standin: Awaited<ReturnType<typeof startStandin>>;
  before(async () => {
    standin = await startStandin({ port: 0 });
  });
  after(async () => {
    await standin?.close();
  });

  eachBackend((get) => {
    let api: TestApi;
    let seeded: Seeded;
    const workers = notingWorkers();
    let dockerUp = true;
    const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await api.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
      return { status: res.statusCode, body: String(res.headers['content-type']).startsWith('application/json') ? (res.json() as Json) : {}, text: res.body };
    };

    before(async () => {
      const { db } = get();
      seeded = await seedRound(db);
      await insertSamples(db, seeded, 25);
      // Sample 2 (php) and 3 (typescript) are translations of sample 1 (python, in the generated cycle: i % 3).
      const ids = (await db.query<{ id: number }>('select id from samples where round_id = $1 order by id', [seeded.roundId])).map((r) => r.id);
      await db.query('update samples set parent_id = $1, problem_id = $2 where id = any($3::int8[])', [ids[2], seeded.problemId, [ids[0], ids[1]]]);
      await db.query(
        `insert into attempts (problem_id, round_id, checkpoint_id, key, kind, stage, language, ok, response, prompt_tokens, completion_tokens, latency_ms)
         select $1, $2, $3, k.key, k.kind, k.stage, k.language, k.ok, k.response::jsonb, k.pt, k.ct, k.ms
         from (values
           ('python:solution:0', 'llm', 'solution', 'python', true, '{"text":"a"}', 100, 50, 80),
           ('python:check:0', 'check', 'verify', 'python', true, '{"status":"fail","stage":"test"}', 0, 0, 900),
           ('python:revise:1', 'llm', 'revise', 'python', true, '{"text":"b"}', 200, 70, 3000),
           ('python:check:1', 'check', 'verify', 'python', true, '{"status":"pass","stage":null}', 0, 0, 700),
           ('php:check:0', 'check', 'verify', 'php', true, '{"status":"pass","stage":null}', 0, 0, 600),
           ('python:judge:0', 'llm', 'judge', 'python', false, null, 10, 0, 200000)
         ) as k(key, kind, stage, language, ok, response, pt, ct, ms)`,
        [seeded.problemId, seeded.roundId, seeded.checkpointId],
      );
      api = await testApi(db, {
        workers,
        pingDocker: async () => {
          if (!dockerUp) throw new Error('connect ENOENT /var/run/docker.sock');
        },
      });
    });
    after(async () => {
      await api?.close();
    });

    describe('checkpoints', () => {
      let id: number;
      it('registering probes the model server and answers 201 with the checkpoint', async () => {
        const res = await call('POST', '/v1/checkpoints', { name: 'standin-a', baseUrl: `${standin.url}/`, model: STANDIN_MODEL, meta: { run: 7 }, makeCurrent: true });
        assert.equal(res.status, 201, res.text);
        id = res.body.id as number;
        assert.deepEqual({ ...res.body, id: 0, createdAt: '' }, {
          id: 0, name: 'standin-a', baseUrl: standin.url, model: STANDIN_MODEL, apiKeyEnv: null, isCurrent: true, meta: { run: 7 }, createdAt: '',
        });
      });

      it('a model the server does not list, a server that does not answer, and a taken name are refused', async () => {
        const missing = await call('POST', '/v1/checkpoints', { name: 'standin-b', baseUrl: standin.url, model: 'gpt-none' });
        assert.equal(missing.status, 400);
        assert.equal((missing.body.error as Json).code, 'FLY_CHECKPOINT_NOT_SERVED');
        assert.match((missing.body.error as Json).message as string, /does not serve "gpt-none" \(it serves: flywheel-standin\)/);
        const down = await call('POST', '/v1/checkpoints', { name: 'standin-c', baseUrl: 'http://127.0.0.1:1/v1', model: STANDIN_MODEL });
        assert.equal(down.status, 400);
        assert.equal((down.body.error as Json).code, 'FLY_CHECKPOINT_NOT_SERVED');
        const taken = await call('POST', '/v1/checkpoints', { name: 'standin-a', baseUrl: standin.url, model: STANDIN_MODEL });
        assert.equal(taken.status, 409);
        assert.equal((taken.body.error as Json).code, 'FLY_CHECKPOINT_EXISTS');
      });

      it('lists newest first, gets one, and switches the current one', async () => {
        const list = await call('GET', '/v1/checkpoints');
        const items = list.body.items as Json[];
        assert.deepEqual(items.map((c) => c.name), ['standin-a', items[1]?.name]);
        assert.equal((await call('GET', `/v1/checkpoints/${id}`)).body.name, 'standin-a');
        const switched = await call('POST', `/v1/checkpoints/${seeded.checkpointId}/current`);
        assert.equal(switched.status, 200);
        assert.equal(switched.body.isCurrent, true);
        assert.equal((await call('GET', `/v1/checkpoints/${id}`)).body.isCurrent, false);
        await call('POST', `/v1/checkpoints/${id}/current`);
      });
    });

    describe('rounds', () => {
      let roundId: number;
      it('starting a round creates it with the overrides, answers 202 and hands it to a worker', async () => {
        const res = await call('POST', '/v1/rounds', { size: 3, languages: ['php'], revisionBudget: 1, seed: 42 });
        assert.equal(res.status, 202, res.text);
        roundId = res.body.id as number;
        assert.equal(res.body.status, 'running');
        assert.deepEqual({ ...(res.body.settings as Json) }, {
          size: 3, languages: ['php'], revisionBudget: 1, malformedRetries: 2, dedupThreshold: 0.7, ngram: 10, benchmarkFiles: [], seedPaths: [], snippetShare: 0.5, seed: 42,
        });
        assert.ok(workers.asked.includes(roundId));
      });

      it('settings the schema allows but the round does not are a 400 naming them', async () => {
        const res = await call('POST', '/v1/rounds', { languages: ['php', 'php'] });
        assert.equal(res.status, 400);
        assert.match((res.body.error as Json).message as string, /must NOT have duplicate items/);
      });

      it('one round shows its live progress per stage and status, and its stats', async () => {
        const res = await call('GET', `/v1/rounds/${roundId}`);
        assert.equal(res.status, 200);
        assert.deepEqual(res.body.progress, { total: 3, open: 3, stages: [{ stage: 'problem', status: 'pending', count: 3 }] });
        assert.equal((res.body.stats as Json).asked, 3);
        const time = (res.body.stats as Json).time as Json;
        assert.equal(typeof time.wallMs, 'number');
        assert.deepEqual({ samplesPerSecond: time.samplesPerSecond, stages: time.stages }, { samplesPerSecond: 0, stages: {} });
        assert.deepEqual(res.body.worker, { active: true });
      });

      it('lists rounds newest first in keyset pages, filtered by status', async () => {
        const first = await call('GET', '/v1/rounds?limit=1');
        assert.deepEqual((first.body.items as Json[]).map((r) => r.id), [roundId]);
        assert.equal(typeof first.body.nextCursor, 'string');
        const second = await call('GET', `/v1/rounds?limit=1&cursor=${first.body.nextCursor as string}`);
        assert.deepEqual((second.body.items as Json[]).map((r) => r.id), [seeded.roundId]);
        const done = await call('GET', '/v1/rounds?status=done');
        assert.deepEqual((done.body.items as Json[]).map((r) => r.id), [seeded.roundId]);
        assert.equal(done.body.nextCursor, null);
      });

      it('cancelling stops the round (twice is fine); resuming sets it running and hands it to a worker again', async () => {
        const cancelled = await call('POST', `/v1/rounds/${roundId}/cancel`);
        assert.equal(cancelled.status, 200);
        assert.equal(cancelled.body.status, 'cancelled');
        assert.ok(cancelled.body.finishedAt);
        assert.equal((await call('POST', `/v1/rounds/${roundId}/cancel`)).body.status, 'cancelled');
        const asked = workers.asked.length;
        const resumed = await call('POST', `/v1/rounds/${roundId}/resume`);
        assert.equal(resumed.status, 202);
        assert.equal(resumed.body.status, 'running');
        assert.equal(resumed.body.finishedAt, null);
        assert.equal(workers.asked.length, asked + 1);
        await call('POST', `/v1/rounds/${roundId}/cancel`);
      });
    });

    describe('samples', () => {
      const listIds = async (query: string) => ((await call('GET', `/v1/samples?${query}`)).body.items as Json[]).map((s) => s.id as number);
      let all: number[];
      before(async () => {
        all = (await get().db.query<{ id: number }>('select id from samples order by id')).map((r) => r.id);
      });

      it('pages through every sample once, in id order, with opaque cursors', async () => {
        const seen: number[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const res = await call('GET', `/v1/samples?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
          seen.push(...(res.body.items as Json[]).map((s) => s.id as number));
          cursor = res.body.nextCursor as string | null;
          pages++;
        } while (cursor !== null);
        assert.deepEqual(seen, all);
        assert.equal(pages, 3);
      });

      it('filters by language, judge scores, revisions, topic, difficulty, round and since', async () => {
        const rows = await get().db.query<{ id: number; language: string; judge_correct: number; judge_style: number; revisions: number; topic: string; difficulty: string; created_at: Date }>(
          'select id, language, judge_correct, judge_style, revisions, topic, difficulty, created_at from samples order by id',
        );
        const expect = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).map((r) => r.id);
        assert.deepEqual(await listIds('language=php'), expect((r) => r.language === 'php'));
        assert.deepEqual(await listIds('judge_correct=1&judge_style=0'), expect((r) => r.judge_correct === 1 && r.judge_style === 0));
        assert.deepEqual(await listIds('min_revisions=2'), expect((r) => r.revisions >= 2));
        assert.deepEqual(await listIds('topic=graphs&difficulty=medium'), expect((r) => r.topic === 'graphs' && r.difficulty === 'medium'));
        assert.deepEqual(await listIds(`round=${seeded.roundId}&limit=100`), all);
        assert.deepEqual(await listIds('round=999999'), []);
        assert.deepEqual(await listIds(`since=${all[19]}`), all.slice(20));
        assert.deepEqual(await listIds('since=2000-01-01T00:00:00Z&limit=100'), all);
        assert.deepEqual(await listIds('since=2999-01-01T00:00:00Z'), []);
      });

      it('one sample comes with its whole dialog, every check of its problem in its language, and its lineage', async () => {
        const python = await call('GET', `/v1/samples/${all[2]}`);
        assert.equal(python.status, 200);
        const body = python.body;
        assert.equal(body.language, 'python');
        assert.equal((body.dialog as Json[]).length, 5);
        assert.deepEqual((body.dialog as Json[]).map((t) => t.role), ['user', 'assistant', 'checker', 'user', 'assistant']);
        assert.deepEqual((body.checks as Json[]).map((c) => [c.key, (c.verdict as Json).status]), [['python:check:0', 'fail'], ['python:check:1', 'pass']]);
        assert.deepEqual(body.lineage, { parent: null, translations: [{ id: all[0], language: 'php' }, { id: all[1], language: 'typescript' }] });
        assert.equal(typeof body.solution, 'string');
        assert.deepEqual(body.promptVersions, { solution: 'abc123', judge: 'def456' });

        const php = await call('GET', `/v1/samples/${all[0]}`);
        assert.deepEqual(php.body.lineage, { parent: { id: all[2], language: 'python' }, translations: [] });
        assert.deepEqual((php.body.checks as Json[]).map((c) => c.key), ['php:check:0']);
      });
    });

    describe('metrics and probes', () => {
      it('/metrics is Prometheus text with rounds, problems, samples, sandbox pools and model calls', async () => {
        const res = await call('GET', '/metrics');
        assert.equal(res.status, 200);
        const text = res.text;
        assert.match(text, /^# TYPE flywheel_rounds gauge$/m);
        assert.match(text, /^flywheel_rounds\{status="done"\} 1$/m);
        assert.match(text, /^flywheel_samples_total\{language="python"\} 8$/m);
        assert.match(text, /^flywheel_samples_total\{language="php"\} 9$/m);
        assert.match(text, /^flywheel_model_requests_total\{stage="judge",ok="false"\} 1$/m);
        assert.match(text, /^flywheel_model_tokens_total\{stage="revise",kind="completion"\} 70$/m);
        assert.match(text, /^flywheel_model_latency_seconds_bucket\{stage="solution",le="0.1"\} 1$/m);
        assert.match(text, /^flywheel_model_latency_seconds_bucket\{stage="revise",le="2.5"\} 0$/m);
        assert.match(text, /^flywheel_model_latency_seconds_bucket\{stage="revise",le="5"\} 1$/m);
        assert.match(text, /^flywheel_model_latency_seconds_bucket\{stage="judge",le="120"\} 0$/m);
        assert.match(text, /^flywheel_model_latency_seconds_bucket\{stage="judge",le="\+Inf"\} 1$/m);
        assert.match(text, /^flywheel_model_latency_seconds_sum\{stage="judge"\} 200$/m);
        assert.match(text, /^flywheel_model_latency_seconds_count\{stage="revise"\} 1$/m);
        assert.match(text, /^# TYPE flywheel_sandbox_containers gauge$/m);
        assert.match(text, /^flywheel_event_loop_delay_seconds\{quantile="0\.99"\} \d/m);
        if (get().db.backend === 'postgres') {
          // Every statement so far took a pooled connection: the histogram counts them, cumulative up to +Inf.
          const count = Number(/^flywheel_db_connection_wait_seconds_count\{pool="main"\} (\d+)$/m.exec(text)?.[1]);
          assert.ok(count > 0, 'connection waits counted');
          assert.match(text, new RegExp(`^flywheel_db_connection_wait_seconds_bucket\\{pool="main",le="\\+Inf"\\} ${count}$`, 'm'));
        } else {
          assert.doesNotMatch(text, /flywheel_db_connection_wait/);
        }
        for (const line of text.trim().split('\n')) assert.match(line, /^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?[\d.e+]+)$/, line);
      });

      it('/readyz says ready, and 503 unavailable when Docker is down, without saying what or how', async () => {
        const up = await call('GET', '/readyz');
        assert.equal(up.status, 200);
        assert.deepEqual(up.body, { status: 'ready' });
        dockerUp = false;
        try {
          const down = await call('GET', '/readyz');
          assert.equal(down.status, 503);
          assert.deepEqual(down.body, { status: 'unavailable' });
        } finally {
          dockerUp = true;
        }
      });

      it('the OpenAPI document describes every route with its responses and the bearer scheme', async () => {
        const doc = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
          paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
          components: { securitySchemes: Json };
        };
        assert.deepEqual(doc.components.securitySchemes, { bearer: { type: 'http', scheme: 'bearer' } });
        const routes = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`)).sort();
        assert.deepEqual(routes, [
          'GET /healthz', 'GET /metrics', 'GET /readyz',
          'GET /v1/checkpoints', 'GET /v1/checkpoints/{id}', 'GET /v1/export', 'GET /v1/rounds', 'GET /v1/rounds/{id}', 'GET /v1/samples', 'GET /v1/samples/{id}',
          'POST /v1/checkpoints', 'POST /v1/checkpoints/{id}/current', 'POST /v1/rounds', 'POST /v1/rounds/{id}/cancel', 'POST /v1/rounds/{id}/resume', 'POST /v1/verify',
        ]);
        for (const [p, methods] of Object.entries(doc.paths)) {
          for (const [m, op] of Object.entries(methods)) {
            assert.ok(Object.keys(op.responses).some((s) => s.startsWith('2')), `${m} ${p} documents its success`);
            if (p.startsWith('/v1')) assert.ok(op.responses['4XX'] ?? op.responses['4xx'], `${m} ${p} documents its errors`);
          }
        }
        assert.deepEqual(doc.paths['/healthz']?.get?.security, []);
      });
    });
  });
});
