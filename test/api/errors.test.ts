// Every kind of bad request answers 4xx with the one error shape, a stable code and a message naming the
// problem; a 5xx says "internal error" and the request id, never what went wrong inside.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { encodeCursor } from '../../src/api/cursor.ts';
import { FlywheelError } from '../../src/errors.ts';
import type { Db } from '../../src/store/db.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { eachBackend, holdConnection, openTestDb, type TestDb } from '../helpers/db.ts';
import { insertSamples, seedRound, type Seeded } from '../export/seed.ts';
import { auth, notingWorkers, testApi, type TestApi } from './helpers.ts';

interface Case {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  raw?: { payload: string; type: string };
  status: number;
  code: string;
  message: RegExp;
}

const oversized = { size: 5, benchmarkFiles: ['x'.repeat(1024 * 1024)] };
const verifyItem = { language: 'python', code: 'x = 1', tests: 'assert x == 1' };
const b64 = (text: string) => Buffer.from(text).toString('base64url');

const cases: Case[] = [
  // wrong types
  { name: 'a string where a body wants a number', method: 'POST', url: '/v1/rounds', body: { size: '5' }, status: 400, code: 'FLY_BAD_REQUEST', message: /^body\.size must be integer$/ },
  { name: 'a number inside a body list of strings', method: 'POST', url: '/v1/rounds', body: { languages: [1] }, status: 400, code: 'FLY_BAD_REQUEST', message: /^body\.languages\.0 must be string$/ },
  { name: 'a language the rounds do not know', method: 'POST', url: '/v1/rounds', body: { languages: ['cobol'] }, status: 400, code: 'FLY_BAD_REQUEST', message: /^body\.languages\.0 must be equal to one of the allowed values$/ },
  { name: 'a number out of range', method: 'POST', url: '/v1/rounds', body: { size: 0 }, status: 400, code: 'FLY_BAD_REQUEST', message: /^body\.size must be >= 1$/ },
  { name: 'a body that is not an object', method: 'POST', url: '/v1/rounds', body: [1, 2], status: 400, code: 'FLY_BAD_REQUEST', message: /^body must be object$/ },
  { name: 'a query value that is not a number', method: 'GET', url: '/v1/samples?limit=abc', status: 400, code: 'FLY_BAD_REQUEST', message: /^querystring\.limit must be integer$/ },
  { name: 'a query value out of its set', method: 'GET', url: '/v1/samples?judge_correct=2', status: 400, code: 'FLY_BAD_REQUEST', message: /^querystring\.judge_correct must be equal to one of the allowed values$/ },
  { name: 'a limit above the page maximum', method: 'GET', url: '/v1/rounds?limit=501', status: 400, code: 'FLY_BAD_REQUEST', message: /^querystring\.limit must be <= 500$/ },
  { name: 'a path id that is not a number', method: 'GET', url: '/v1/rounds/abc', status: 400, code: 'FLY_BAD_REQUEST', message: /^params\.id must be integer$/ },
  { name: 'a since that is neither an id nor a time', method: 'GET', url: '/v1/samples?since=yesterday', status: 400, code: 'FLY_BAD_REQUEST', message: /since must be a sample id or an ISO 8601 time/ },
  { name: 'an export format that does not exist', method: 'GET', url: '/v1/export?format=xml', status: 400, code: 'FLY_BAD_REQUEST', message: /^querystring\.format must be equal to one of the allowed values$/ },
  { name: 'a validation share above 100', method: 'GET', url: '/v1/export?validation_percent=101', status: 400, code: 'FLY_BAD_REQUEST', message: /^querystring\.validation_percent must be <= 100$/ },
  // unknown and missing fields
  { name: 'an unknown body field', method: 'POST', url: '/v1/rounds', body: { sise: 5 }, status: 400, code: 'FLY_BAD_REQUEST', message: /^body has an unknown field "sise"$/ },
  { name: 'an unknown field beside the known ones', method: 'POST', url: '/v1/checkpoints', body: { name: 'a', baseUrl: 'http://x/v1', model: 'm', token: 's' }, status: 400, code: 'FLY_BAD_REQUEST', message: /^body has an unknown field "token"$/ },
  { name: 'an unknown query parameter', method: 'GET', url: '/v1/samples?langauge=python', status: 400, code: 'FLY_BAD_REQUEST', message: /^querystring has an unknown field "langauge"$/ },
  { name: 'a missing required field', method: 'POST', url: '/v1/checkpoints', body: { name: 'a', model: 'm' }, status: 400, code: 'FLY_BAD_REQUEST', message: /^body is missing the field "baseUrl"$/ },
  { name: 'a verify request with neither a sample nor items', method: 'POST', url: '/v1/verify', body: { language: 'python' }, status: 400, code: 'FLY_BAD_REQUEST', message: /missing the fields "code", "tests"/ },
  { name: 'a verify request with both a sample and items', method: 'POST', url: '/v1/verify', body: { code: 'x', items: [verifyItem] }, status: 400, code: 'FLY_BAD_REQUEST', message: /either items or one sample's fields/ },
  { name: 'an empty verify batch', method: 'POST', url: '/v1/verify', body: { items: [] }, status: 400, code: 'FLY_BAD_REQUEST', message: /^body\.items must NOT have fewer than 1 items$/ },
  { name: 'a verify batch item with a field over its cap', method: 'POST', url: '/v1/verify', body: { items: [verifyItem, { ...verifyItem, code: 'x'.repeat(1_000_001) }] }, status: 400, code: 'FLY_BAD_REQUEST', message: /^body\.items\.1\.code must NOT have more than 1000000 characters$/ },
  { name: 'a verify batch item with an unknown field', method: 'POST', url: '/v1/verify', body: { items: [{ ...verifyItem, extra: true }] }, status: 400, code: 'FLY_BAD_REQUEST', message: /^body\.items\.0 has an unknown field "extra"$/ },
  { name: 'a verify batch item missing a field', method: 'POST', url: '/v1/verify', body: { items: [verifyItem, { language: 'python', code: 'x' }] }, status: 400, code: 'FLY_BAD_REQUEST', message: /^body\.items\.1 is missing the field "tests"$/ },
  { name: 'a verify batch item that is not an object', method: 'POST', url: '/v1/verify', body: { items: [42] }, status: 400, code: 'FLY_BAD_REQUEST', message: /^body\.items\.0 must be object$/ },
  { name: 'a verify batch over VERIFY_MAX_ITEMS', method: 'POST', url: '/v1/verify', body: { items: Array.from({ length: 257 }, () => verifyItem) }, status: 413, code: 'FLY_VERIFY_TOO_MANY_ITEMS', message: /^body\.items holds 257 samples, more than the 256 a request may hold/ },
  // bodies that are not JSON, or too big
  { name: 'a body that is not JSON', method: 'POST', url: '/v1/rounds', raw: { payload: '{"size": ', type: 'application/json' }, status: 400, code: 'FLY_BAD_REQUEST', message: /JSON/ },
  { name: 'a body of another media type', method: 'POST', url: '/v1/rounds', raw: { payload: 'size=5', type: 'text/plain' }, status: 415, code: 'FLY_UNSUPPORTED_MEDIA_TYPE', message: /text\/plain/ },
  { name: 'a body over the limit', method: 'POST', url: '/v1/rounds', body: oversized, status: 413, code: 'FLY_BODY_TOO_LARGE', message: /too large/i },
  // cursors
  { name: 'a cursor that is not base64url of an id', method: 'GET', url: `/v1/samples?cursor=${b64('abc')}`, status: 400, code: 'FLY_BAD_CURSOR', message: /not one this API handed out/ },
  { name: 'a cursor with junk characters', method: 'GET', url: '/v1/samples?cursor=%21%21%21', status: 400, code: 'FLY_BAD_CURSOR', message: /not one this API handed out/ },
  { name: 'a cursor of a number with a tail', method: 'GET', url: `/v1/samples?cursor=${b64('12;drop')}`, status: 400, code: 'FLY_BAD_CURSOR', message: /not one this API handed out/ },
  { name: 'a cursor of zero', method: 'GET', url: `/v1/rounds?cursor=${b64('0')}`, status: 400, code: 'FLY_BAD_CURSOR', message: /not one this API handed out/ },
  // unknown ids and routes
  { name: 'an unknown round', method: 'GET', url: '/v1/rounds/999999', status: 404, code: 'FLY_ROUND_UNKNOWN', message: /^no round 999999$/ },
  { name: 'cancelling an unknown round', method: 'POST', url: '/v1/rounds/999999/cancel', status: 404, code: 'FLY_ROUND_UNKNOWN', message: /^no round 999999$/ },
  { name: 'resuming an unknown round', method: 'POST', url: '/v1/rounds/999999/resume', status: 404, code: 'FLY_ROUND_UNKNOWN', message: /^no round 999999$/ },
  { name: 'an unknown sample', method: 'GET', url: '/v1/samples/999999', status: 404, code: 'FLY_SAMPLE_UNKNOWN', message: /^no sample 999999$/ },
  { name: 'an unknown checkpoint', method: 'GET', url: '/v1/checkpoints/999999', status: 404, code: 'FLY_CHECKPOINT_UNKNOWN', message: /no checkpoint with id 999999/ },
  { name: 'making an unknown checkpoint current', method: 'POST', url: '/v1/checkpoints/999999/current', status: 404, code: 'FLY_CHECKPOINT_UNKNOWN', message: /no checkpoint with id 999999/ },
  { name: 'a round with an unknown checkpoint', method: 'POST', url: '/v1/rounds', body: { checkpoint: 999999 }, status: 404, code: 'FLY_CHECKPOINT_UNKNOWN', message: /no checkpoint with id 999999/ },
  { name: 'an unknown route', method: 'GET', url: '/v1/nothing', status: 404, code: 'FLY_NOT_FOUND', message: /^no route GET \/v1\/nothing$/ },
  // values the schema allows but the service does not
  { name: 'a benchmark file that does not exist', method: 'POST', url: '/v1/rounds', body: { benchmarkFiles: ['nonexistent-bench.jsonl'] }, status: 400, code: 'FLY_BAD_REQUEST', message: /benchmark file "nonexistent-bench\.jsonl" does not exist/ },
  { name: 'a benchmark file outside BENCHMARK_DIRS', method: 'POST', url: '/v1/rounds', body: { benchmarkFiles: ['/nonexistent/bench.jsonl'] }, status: 400, code: 'FLY_ROUND_FILE_FORBIDDEN', message: /^benchmark file "\/nonexistent\/bench\.jsonl" is not under BENCHMARK_DIRS/ },
  { name: 'a checkpoint base URL that is not a URL', method: 'POST', url: '/v1/checkpoints', body: { name: 'x', baseUrl: 'not a url', model: 'm' }, status: 400, code: 'FLY_BAD_REQUEST', message: /not a URL/ },
];

describe('bad requests', () => {
  eachBackend((get) => {
    let api: TestApi;
    let seeded: Seeded;
    const secret = 'password=hunter2 at 10.1.2.3';
    before(async () => {
      const { db } = get();
      seeded = await seedRound(db);
      await db.query('update checkpoints set is_current = true where id = $1', [seeded.checkpointId]);
      await insertSamples(db, seeded, 3);
      api = await testApi(db, {
        workers: notingWorkers(),
        beforeReady: (app) => {
          app.get('/v1/test-crash', async () => {
            throw new Error(secret);
          });
          app.get('/v1/test-unavailable', async () => {
            throw new FlywheelError('FLY_DB_UNAVAILABLE', `cannot reach postgres://app:${secret}@db`);
          });
        },
      });
    });
    after(async () => {
      await api?.close();
    });

    for (const c of cases) {
      it(`${c.name}: ${c.status} ${c.code}`, async () => {
        const res = await api.app.inject({
          method: c.method,
          url: c.url,
          headers: { ...auth, ...(c.raw ? { 'content-type': c.raw.type } : {}) },
          ...(c.raw ? { payload: c.raw.payload } : c.body !== undefined ? { payload: c.body as object } : {}),
        });
        assert.equal(res.statusCode, c.status, res.body);
        const body = res.json() as { error: { code: string; message: string } };
        assert.deepEqual(Object.keys(body), ['error']);
        assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message']);
        assert.equal(body.error.code, c.code);
        assert.match(body.error.message, c.message);
      });
    }

    it('a cancel of a finished round is a conflict naming its state', async () => {
      const res = await api.app.inject({ method: 'POST', url: `/v1/rounds/${seeded.roundId}/cancel`, headers: auth });
      assert.equal(res.statusCode, 409);
      assert.deepEqual(res.json(), { error: { code: 'FLY_ROUND_STATE', message: `round ${seeded.roundId} is done: only a pending or running round can be cancelled` } });
      const resume = await api.app.inject({ method: 'POST', url: `/v1/rounds/${seeded.roundId}/resume`, headers: auth });
      assert.equal(resume.statusCode, 409);
      assert.equal(resume.json().error.code, 'FLY_ROUND_STATE');
    });

    it('a cursor handed out by one listing is accepted by it', async () => {
      const res = await api.app.inject({ method: 'GET', url: `/v1/samples?cursor=${encodeCursor(1)}`, headers: auth });
      assert.equal(res.statusCode, 200);
    });

    it('a crash answers 500 "internal error" with the request id, and nothing of the error', async () => {
      const res = await api.app.inject({ method: 'GET', url: '/v1/test-crash', headers: { ...auth, 'x-request-id': 'req-abc-1' } });
      assert.equal(res.statusCode, 500);
      assert.deepEqual(res.json(), { error: { code: 'FLY_INTERNAL', message: 'internal error (request req-abc-1)' } });
      assert.equal(res.headers['x-request-id'], 'req-abc-1');
      assert.doesNotMatch(res.body, /hunter2|10\.1\.2\.3/);
    });

    it('a failure of ours with its own code keeps the code and hides the message', async () => {
      const res = await api.app.inject({ method: 'GET', url: '/v1/test-unavailable', headers: auth });
      assert.equal(res.statusCode, 503);
      const { error } = res.json() as { error: { code: string; message: string } };
      assert.equal(error.code, 'FLY_DB_UNAVAILABLE');
      assert.match(error.message, /^internal error \(request [\w-]+\)$/);
      assert.doesNotMatch(res.body, /hunter2|postgres:/);
    });

    it('a request id that could forge log lines is replaced by a fresh one', async () => {
      const res = await api.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'a b;c' } });
      assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    });
  });
});

describe('a server whose main pool stays busy', () => {
  let testDb: TestDb;
  let db: Db;
  let api: TestApi;
  before(async () => {
    testDb = await openTestDb('postgres');
    db = await openPostgres({ url: testDb.url as string, poolSize: 1, connectionWaitMs: 150 });
    api = await testApi(db, { workers: notingWorkers() });
  });
  after(async () => {
    await api?.close();
    await db?.close();
    await testDb?.cleanup();
  });

  it('answers a request that waited past DATABASE_CONNECTION_WAIT_MS with 429 FLY_DB_BUSY and retry-after, then serves again', async () => {
    const { release, done: holder } = await holdConnection(db);
    try {
      const res = await api.app.inject({ method: 'GET', url: '/v1/samples', headers: auth });
      assert.equal(res.statusCode, 429, res.body);
      assert.equal(res.json().error.code, 'FLY_DB_BUSY');
      assert.equal(res.headers['retry-after'], '1');
      assert.match(res.json().error.message, /DATABASE_POOL_SIZE 1, DATABASE_CONNECTION_WAIT_MS 150/);
    } finally {
      release();
      await holder;
    }
    const again = await api.app.inject({ method: 'GET', url: '/v1/samples', headers: auth });
    assert.equal(again.statusCode, 200, again.body);
  });
});
