import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isFlywheelError } from '../../src/errors.ts';
import { createCheckpointRegistry } from '../../src/llm/checkpoints.ts';
import { formatProblem, loadPrompts } from '../../src/llm/prompts.ts';
import type { CallRecord } from '../../src/llm/types.ts';
import { STANDIN_MODEL, type RunningStandin } from '../../src/standin/server.ts';
import { eachBackend } from '../helpers/db.ts';
import { silentLog, startFixtureStandin } from '../standin/fixtures/index.ts';

let standin: RunningStandin;
let secured: { url: string; close: () => Promise<void>; seen: (string | null)[] };

before(async () => {
  standin = await startFixtureStandin({ models: [STANDIN_MODEL, 'round-2'] });
  // A server that wants a key: it records the Authorization header of each /models request.
  const seen: (string | null)[] = [];
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization ?? null);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ object: 'list', data: [{ id: 'private', object: 'model', created: 0, owned_by: 'test' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  secured = { url: `http://127.0.0.1:${port}/v1`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
});

after(async () => {
  await standin.close();
  await secured.close();
});

describe('checkpoint registry', () => {
  eachBackend((get) => {
    const registry = () => createCheckpointRegistry({
      db: get().db, log: silentLog, env: { ROUND_KEY: 'sk-test-123' }, policy: { checkpointKeyVars: ['ROUND_*'], checkpointHosts: [] },
    });

    it('registers a served model after asking the endpoint, and lists and gets it', async () => {
      const reg = registry();
      const a = await reg.register({ name: 'round-1', baseUrl: `${standin.url}/`, model: STANDIN_MODEL, meta: { note: 'first' } });
      assert.equal(a.name, 'round-1');
      assert.equal(a.baseUrl, standin.url, 'the trailing slash is dropped');
      assert.equal(a.isCurrent, false);
      assert.deepEqual(a.meta, { note: 'first' });
      assert.equal(typeof a.id, 'number');
      assert.ok(a.createdAt instanceof Date);
      assert.deepEqual(await reg.get(a.id), a);
      assert.deepEqual(await reg.get('round-1'), a);
      assert.deepEqual(await reg.get(String(a.id)), a);
      assert.ok((await reg.list()).some((c) => c.id === a.id));
    });

    it('refuses a model the endpoint does not serve, and stores nothing', async () => {
      const reg = registry();
      await assert.rejects(reg.register({ name: 'typo', baseUrl: standin.url, model: 'flywheel-standn' }), (err: unknown) => {
        assert.ok(isFlywheelError(err, 'FLY_CHECKPOINT_NOT_SERVED'));
        assert.deepEqual(err.details?.served, [STANDIN_MODEL, 'round-2']);
        return true;
      });
      await assert.rejects(reg.get('typo'), (err: unknown) => isFlywheelError(err, 'FLY_CHECKPOINT_UNKNOWN'));
    });

    it('refuses an endpoint that does not answer, a taken name and bad input', async () => {
      const reg = registry();
      const gone = await startFixtureStandin();
      await gone.close();
      await assert.rejects(reg.register({ name: 'nowhere', baseUrl: gone.url, model: STANDIN_MODEL }), (err: unknown) => isFlywheelError(err, 'FLY_LLM_UNAVAILABLE'));
      await reg.register({ name: 'taken', baseUrl: standin.url, model: STANDIN_MODEL });
      await assert.rejects(reg.register({ name: 'taken', baseUrl: standin.url, model: 'round-2' }), (err: unknown) => isFlywheelError(err, 'FLY_CHECKPOINT_EXISTS') && /already registered/.test(err.message));
      await assert.rejects(reg.register({ name: 'x', baseUrl: 'ftp://host/v1', model: 'm' }), (err: unknown) => isFlywheelError(err, 'FLY_BAD_REQUEST'));
      await assert.rejects(reg.register({ name: '42', baseUrl: standin.url, model: 'm' }), /all digits/);
      await assert.rejects(reg.register({ name: 'k', baseUrl: standin.url, model: STANDIN_MODEL, apiKeyEnv: 'ROUND_UNSET' }), /ROUND_UNSET is not set/);
    });

    it('sends the key named by apiKeyEnv when probing, and stores only the name', async () => {
      const reg = registry();
      const c = await reg.register({ name: 'private-1', baseUrl: secured.url, model: 'private', apiKeyEnv: 'ROUND_KEY' });
      assert.equal(secured.seen[secured.seen.length - 1], 'Bearer sk-test-123');
      assert.equal(c.apiKeyEnv, 'ROUND_KEY');
      const [row] = await get().db.query<Record<string, unknown>>('select * from checkpoints where id = $1', [c.id]);
      assert.ok(!JSON.stringify(row).includes('sk-test-123'));
    });

    it('keeps exactly one current checkpoint, also under concurrent switches', async () => {
      const reg = registry();
      assert.equal((await reg.list()).filter((c) => c.isCurrent).length, 0);
      const made = [];
      for (let i = 0; i < 6; i++) made.push(await reg.register({ name: `switch-${i}`, baseUrl: standin.url, model: i % 2 ? 'round-2' : STANDIN_MODEL }));
      const first = await reg.makeCurrent('switch-0');
      assert.equal(first.isCurrent, true);
      assert.equal((await reg.current())?.id, first.id);
      const switched = await Promise.all(made.map((c) => reg.makeCurrent(c.id)));
      assert.ok(switched.every((c) => c.isCurrent));
      const current = (await reg.list()).filter((c) => c.isCurrent);
      assert.equal(current.length, 1);
      assert.equal((await reg.current())?.id, current[0]?.id);
      await assert.rejects(reg.makeCurrent(999_999), (err: unknown) => isFlywheelError(err, 'FLY_CHECKPOINT_UNKNOWN'));
      assert.equal((await reg.current())?.id, current[0]?.id, 'a failed switch changes nothing');
    });

    it('registers and makes current in one go, and gives a client that records the checkpoint id', async () => {
      const reg = registry();
      const c = await reg.register({ name: 'nightly', baseUrl: standin.url, model: 'round-2', makeCurrent: true });
      assert.equal(c.isCurrent, true);
      assert.equal((await reg.current())?.id, c.id);
      const records: CallRecord[] = [];
      const client = reg.clientFor(c, { concurrency: 2, onCall: (r) => { records.push(r); } });
      const prompts = await loadPrompts();
      const problem = formatProblem({ title: 'Count the Vowels', statement: 's', signature: 'def count_vowels(s: str) -> int', examples: [], constraints: [] });
      const outcome = await client.code({ stage: 'solution', language: 'python', messages: prompts.solution.render({ language: 'python', problem, signature: 'def count_vowels(s: str) -> int' }) });
      assert.equal(outcome.ok, true);
      assert.equal(records[0]?.checkpointId, c.id);
      assert.equal(records[0]?.model, 'round-2');
    });
  });
});
