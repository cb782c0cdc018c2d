// POST /v1/verify's limits against real sandboxes: a batch is refused whole before anything runs when an item
// breaks the schema or there are too many; a full queue is a 429; a client that leaves over a real socket takes
// its waiting checks and queued sandbox jobs with it; and API checks and round checks each get their share of
// the pool. Assertions are on counts and order, never on time.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createChecker, type CheckInput } from '../../src/checks/index.ts';
import { loadPrompts } from '../../src/llm/index.ts';
import { createSandbox } from '../../src/sandbox/index.ts';
import { requireDocker } from '../helpers/docker.ts';
import { openTestDb, type TestDb } from '../helpers/db.ts';
import { log, testConfig, type Engine } from '../helpers/pipeline.ts';
import { auth, testApi, type TestApi } from './helpers.ts';

const POOL = 2;
const BATCH = 2;
const CONCURRENCY = 8;
const QUEUE_LIMIT = 16;
const MAX_ITEMS = 64;
const config = testConfig({
  SANDBOX_POOL_SIZE: String(POOL), SANDBOX_BATCH_SIZE: String(BATCH),
  VERIFY_CONCURRENCY: String(CONCURRENCY), VERIFY_QUEUE_LIMIT: String(QUEUE_LIMIT), VERIFY_MAX_ITEMS: String(MAX_ITEMS),
});

/** A passing sample whose one test takes a moment, so a batch of them keeps the pool busy. */
const slow: CheckInput = {
  language: 'python',
  code: 'def one():\n    return 1\n',
  tests: 'import time\n\n\ndef test_one():\n    time.sleep(0.1)\n    assert one() == 1\n',
};
const batchOf = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i, ...slow }));

describe('POST /v1/verify limits, with real sandboxes', () => {
  let testDb: TestDb;
  let engine: Engine;
  let api: TestApi;

  before(async () => {
    await requireDocker();
    const sandbox = await createSandbox({ config, log, images: ['python'], handleSignals: false });
    engine = { config, sandbox, checker: createChecker({ sandbox, config, log }), prompts: await loadPrompts(), close: () => sandbox.close() };
    testDb = await openTestDb('pglite');
    api = await testApi(testDb.db, { engine, config });
  });
  after(async () => {
    await api?.close();
    await engine?.close();
    await testDb?.cleanup();
  });

  const pool = () => {
    const python = engine.sandbox.stats().images.python;
    assert.ok(python);
    return python;
  };
  const until = async (what: string, done: () => boolean) => {
    const deadline = Date.now() + 120_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen: ${JSON.stringify({ checks: api.ctx.checks.stats(), pool: pool() })}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const idle = () => until('the checks and the pool going idle', () => {
    const checks = api.ctx.checks.stats();
    const p = pool();
    return checks.inFlight === 0 && checks.waiting === 0 && p.busy === 0 && p.lanes.api.queued === 0 && p.lanes.rounds.queued === 0;
  });
  const verify = (payload: object) => api.app.inject({ method: 'POST', url: '/v1/verify', headers: auth, payload });

  it('a batch with one item over a field cap is a 400 naming it, and none of its items is checked', async () => {
    const before = { checks: api.ctx.checks.stats().started, jobs: pool().jobs };
    const res = await verify({ items: [...batchOf(3), { ...slow, tests: 'x'.repeat(1_000_001) }] });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(res.json(), { error: { code: 'FLY_BAD_REQUEST', message: 'body.items.3.tests must NOT have more than 1000000 characters' } });
    assert.equal(api.ctx.checks.stats().started, before.checks);
    assert.equal(pool().jobs, before.jobs);
  });

  it('a batch over VERIFY_MAX_ITEMS is a 413 with its own code, counted before the items are validated', async () => {
    const before = api.ctx.checks.stats().started;
    const res = await verify({ items: Array.from({ length: MAX_ITEMS + 1 }, () => ({})) });
    assert.equal(res.statusCode, 413, res.body);
    const { error } = res.json() as { error: { code: string; message: string } };
    assert.equal(error.code, 'FLY_VERIFY_TOO_MANY_ITEMS');
    assert.match(error.message, new RegExp(`holds ${MAX_ITEMS + 1} samples, more than the ${MAX_ITEMS}`));
    assert.equal(api.ctx.checks.stats().started, before);
    const openapi = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).body;
    assert.match(openapi, new RegExp(`"maxItems":${MAX_ITEMS}`), 'the OpenAPI document states the cap');
  });

  it('a client that leaves a large batch over a real socket takes its waiting checks and queued jobs with it', async () => {
    await idle();
    const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = new URL(address);
    const before = { checks: api.ctx.checks.stats(), pool: pool().lanes.api };
    const items = 48;
    const body = JSON.stringify({ items: batchOf(items) });
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/verify', headers: { ...auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
    let answered = false;
    req.on('response', () => (answered = true));
    req.on('error', () => undefined);
    req.end(body);

    await until('the first API job finishing', () => pool().lanes.api.jobs > before.pool.jobs);
    const atLeave = { started: api.ctx.checks.stats().started - before.checks.started, jobs: pool().lanes.api.jobs - before.pool.jobs };
    req.destroy();
    await idle();

    const checks = api.ctx.checks.stats();
    const lane = pool().lanes.api;
    const started = checks.started - before.checks.started;
    const dropped = checks.cancelled - before.checks.cancelled;
    const ran = lane.jobs - before.pool.jobs;
    assert.equal(answered, false);
    assert.equal(started + dropped, items, 'every check either started or was dropped while waiting');
    assert.ok(started <= atLeave.started + CONCURRENCY, `${started} checks started, ${atLeave.started} before the client left`);
    // Two jobs a check; only those the containers held when the client left (and in the moment it took the
    // server to notice) ran after it.
    assert.ok(ran <= atLeave.jobs + 2 * POOL * BATCH, `${ran} API jobs ran, ${atLeave.jobs} before the client left`);
    assert.ok(ran < 2 * items);
    // The checks in flight had their next job queued, not in a container: those were dropped from the pool.
    assert.ok(lane.cancelled - before.pool.cancelled >= CONCURRENCY - POOL * BATCH, `${lane.cancelled - before.pool.cancelled} queued jobs dropped`);
  });

  it('a request that would overfill the queue is a 429 with retry-after; one that fits waits its turn', async () => {
    await idle();
    const first = verify({ items: batchOf(20) });
    // 20 items: CONCURRENCY start, the rest wait.
    await until('the first batch waiting', () => api.ctx.checks.stats().waiting > 0);
    const busy = await verify({ items: batchOf(QUEUE_LIMIT) });
    assert.equal(busy.statusCode, 429, busy.body);
    assert.equal((busy.json() as { error: { code: string } }).error.code, 'FLY_VERIFY_BUSY');
    assert.match(String(busy.headers['retry-after']), /^[1-9]\d*$/);
    const fits = verify({ items: batchOf(4) });
    const [a, b] = await Promise.all([first, fits]);
    assert.equal(a.statusCode, 200, a.body);
    assert.equal(b.statusCode, 200, b.body);
    assert.deepEqual((a.json() as { summary: unknown }).summary, { pass: 20, fail: 0, error: 0 });
    assert.deepEqual((b.json() as { summary: unknown }).summary, { pass: 4, fail: 0, error: 0 });
    assert.ok(api.ctx.checks.stats().refused >= 1);
  });

  // A check is a lint job then a test job. With one queue for both callers, the later caller's test job would
  // queue behind the test jobs of nearly every earlier check, so it would be answered after nearly all of them.
  it('with round checks filling the pool, an API request is answered before most of them are done', async () => {
    await idle();
    const n = 24;
    let roundsDone = 0;
    // The checks of a round, in the default lane, all at once as a round's workers send them.
    const rounds = Promise.all(Array.from({ length: n }, () => engine.checker.check(slow).then((v) => {
      roundsDone += 1;
      return v;
    })));
    await until('the rounds filling the pool', () => pool().lanes.rounds.busy === POOL);
    const res = await verify({ items: batchOf(2) });
    const doneBefore = roundsDone;
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(doneBefore < n / 2, `${doneBefore} of ${n} round checks were done before the API's answer`);
    assert.ok((await rounds).every((v) => v.status === 'pass'));
  });

  it('with an API batch filling the pool, a round check is done before most of it', async () => {
    await idle();
    const n = 24;
    const before = api.ctx.checks.stats();
    const batch = verify({ items: batchOf(n) });
    await until('the API batch filling the pool', () => pool().lanes.api.busy === POOL);
    const verdict = await engine.checker.check(slow);
    const now = api.ctx.checks.stats();
    const apiDone = now.started - now.inFlight - (before.started - before.inFlight);
    assert.equal(verdict.status, 'pass');
    assert.ok(apiDone < n / 2, `${apiDone} of ${n} API checks were done before the round's check`);
    assert.equal((await batch).statusCode, 200);
  });
});
