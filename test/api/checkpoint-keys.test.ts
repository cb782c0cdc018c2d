// Registering a checkpoint through the API sends a key only from a variable the operator allowed, only to a
// host the operator allowed, follows no redirect, and tells the caller how a probe failed but never what the
// server answered. A listening model server records every request it gets, so "nothing was sent" is seen, not
// assumed. On both backends.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { eachBackend } from '../helpers/db.ts';
import { testConfig } from '../helpers/pipeline.ts';
import { auth, notingWorkers, testApi, type TestApi } from './helpers.ts';

type Json = Record<string, unknown>;

const SECRET_BODY = 'sk-live-7f3a9c1e5b2d SECRET_DB_PASSWORD=hunter2';
const SECRETS = { FLYWHEEL_API_TOKEN: 'flywheel-token-must-stay-home', DATABASE_URL: 'postgres://admin:db-password-must-stay-home@db/prod' };
const KEYS = { LLM_KEY_NIGHTLY: 'sk-nightly-allowed', LLM_API_KEY: 'sk-default-allowed' };

interface Seen {
  method: string;
  url: string;
  authorization: string | null;
}

/** A model server: /v1 lists model `m1`; /fail answers 500 with a secret-looking body; /moved redirects to `target`. */
async function modelServer(redirectTo?: () => string): Promise<{ url: string; port: number; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization ?? null });
    if (req.url?.startsWith('/fail/')) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: SECRET_BODY, type: 'server_error' } }));
    } else if (req.url?.startsWith('/moved/') && redirectTo) {
      res.writeHead(302, { location: `${redirectTo()}/v1/models` });
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'm1', object: 'model', created: 0, owned_by: 'test' }] }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, port, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('checkpoint keys and hosts', () => {
  let model: Awaited<ReturnType<typeof modelServer>>;
  let elsewhere: Awaited<ReturnType<typeof modelServer>>;
  const saved: Record<string, string | undefined> = {};
  before(async () => {
    elsewhere = await modelServer();
    model = await modelServer(() => elsewhere.url);
    // The variables are set, as on a real server: a refusal must not depend on a variable being empty.
    for (const [name, value] of Object.entries({ ...SECRETS, ...KEYS })) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await model?.close();
    await elsewhere?.close();
  });

  eachBackend((get, backend) => {
    let open: TestApi;
    let fenced: TestApi;
    let n = 0;
    const name = () => `ckpt-${backend}-${++n}`;
    const post = async (api: TestApi, body: Json) => {
      const res = await api.app.inject({ method: 'POST', url: '/v1/checkpoints', headers: auth, payload: body });
      return { status: res.statusCode, body: res.json() as Json, text: res.body };
    };
    const errorOf = (res: { body: Json }) => res.body.error as { code: string; message: string };

    before(async () => {
      open = await testApi(get().db, { workers: notingWorkers(), config: testConfig({ CHECKPOINT_KEY_VARS: 'LLM_KEY_*' }) });
      fenced = await testApi(get().db, { workers: notingWorkers(), config: testConfig({ CHECKPOINT_HOSTS: `models.internal:8000,127.0.0.1:${elsewhere.port}` }) });
    });
    after(async () => {
      await open?.close();
      await fenced?.close();
    });

    it('apiKeyEnv naming the API token or the database URL is a 400 naming the rule, and nothing is sent', async () => {
      for (const variable of Object.keys(SECRETS)) {
        const before = model.seen.length;
        const res = await post(open, { name: name(), baseUrl: `${model.url}/v1`, model: 'm1', apiKeyEnv: variable });
        assert.equal(res.status, 400, res.text);
        assert.equal(errorOf(res).code, 'FLY_CHECKPOINT_KEY_FORBIDDEN');
        assert.match(errorOf(res).message, new RegExp(`apiKeyEnv "${variable}" is not allowed: .*LLM_API_KEY.*CHECKPOINT_KEY_VARS`));
        assert.equal(model.seen.length, before, 'the model server got no request at all');
        assert.ok(!res.text.includes(SECRETS[variable as keyof typeof SECRETS]));
      }
      assert.ok(model.seen.every((s) => s.authorization === null || !Object.values(SECRETS).some((v) => s.authorization?.includes(v))));
    });

    it('a variable CHECKPOINT_KEY_VARS does not name is refused; LLM_API_KEY and a name its prefix allows are sent', async () => {
      const other = await post(open, { name: name(), baseUrl: `${model.url}/v1`, model: 'm1', apiKeyEnv: 'HOME' });
      assert.equal(errorOf(other).code, 'FLY_CHECKPOINT_KEY_FORBIDDEN');
      for (const [variable, value] of Object.entries(KEYS)) {
        const res = await post(open, { name: name(), baseUrl: `${model.url}/v1`, model: 'm1', apiKeyEnv: variable });
        assert.equal(res.status, 201, res.text);
        assert.equal(res.body.apiKeyEnv, variable);
        assert.deepEqual(model.seen.at(-1), { method: 'GET', url: '/v1/models', authorization: `Bearer ${value}` });
      }
    });

    it('a probe answered with 500 says the status, never the body', async () => {
      const res = await post(open, { name: name(), baseUrl: `${model.url}/fail/v1`, model: 'm1' });
      assert.equal(res.status, 400);
      assert.equal(errorOf(res).code, 'FLY_CHECKPOINT_NOT_SERVED');
      assert.match(errorOf(res).message, /: HTTP 500$/);
      assert.ok(!res.text.includes('sk-live'), res.text);
      assert.ok(!res.text.includes('hunter2'), res.text);
      assert.ok(model.seen.some((s) => s.url === '/fail/v1/models'), 'the probe did reach the server');
    });

    it('a probe that cannot connect says the kind of connection error', async () => {
      const gone = await modelServer();
      await gone.close();
      const res = await post(open, { name: name(), baseUrl: `${gone.url}/v1`, model: 'm1' });
      assert.equal(res.status, 400);
      assert.match(errorOf(res).message, /: connection failed \(ECONNREFUSED\)$/);
    });

    it('a probe is not redirected: the server it was sent to answers, no other', async () => {
      const before = elsewhere.seen.length;
      const res = await post(open, { name: name(), baseUrl: `${model.url}/moved/v1`, model: 'm1', apiKeyEnv: 'LLM_KEY_NIGHTLY' });
      assert.equal(res.status, 400, res.text);
      assert.match(errorOf(res).message, /: HTTP 302$/);
      assert.equal(elsewhere.seen.length, before, 'the redirect target got nothing');
    });

    it('with CHECKPOINT_HOSTS, a host it does not list is a 400 before any request; a listed one works', async () => {
      const before = model.seen.length;
      const refused = await post(fenced, { name: name(), baseUrl: `${model.url}/v1`, model: 'm1' });
      assert.equal(refused.status, 400, refused.text);
      assert.equal(errorOf(refused).code, 'FLY_CHECKPOINT_HOST_FORBIDDEN');
      assert.match(errorOf(refused).message, new RegExp(`host 127\\.0\\.0\\.1:${model.port} is not one CHECKPOINT_HOSTS allows`));
      const otherPort = await post(fenced, { name: name(), baseUrl: `http://127.0.0.1:${model.port}/v1`, model: 'm1' });
      assert.equal(errorOf(otherPort).code, 'FLY_CHECKPOINT_HOST_FORBIDDEN', 'the entry names a port: another port of that host is not allowed');
      assert.equal(model.seen.length, before, 'no request left');
      const allowed = await post(fenced, { name: name(), baseUrl: `${elsewhere.url}/v1`, model: 'm1' });
      assert.equal(allowed.status, 201, allowed.text);
      // The same address written another way is the same host.
      const spelled = await post(fenced, { name: name(), baseUrl: `http://2130706433:${elsewhere.port}/v1`, model: 'm1' });
      assert.equal(spelled.status, 201, spelled.text);
    });

    it('a checkpoint stored under a looser policy gets no client under a stricter one', async () => {
      const res = await post(open, { name: name(), baseUrl: `${model.url}/v1`, model: 'm1', apiKeyEnv: 'LLM_KEY_NIGHTLY' });
      assert.equal(res.status, 201, res.text);
      const checkpoint = await fenced.services.registry.get(res.body.id as number);
      assert.throws(() => fenced.services.registry.clientFor(checkpoint, { concurrency: 1 }), (err: Error & { code?: string }) => err.code === 'FLY_CHECKPOINT_KEY_FORBIDDEN');
      const hostOnly = await post(open, { name: name(), baseUrl: `${model.url}/v1`, model: 'm1' });
      const stored = await fenced.services.registry.get(hostOnly.body.id as number);
      assert.throws(() => fenced.services.registry.clientFor(stored, { concurrency: 1 }), (err: Error & { code?: string }) => err.code === 'FLY_CHECKPOINT_HOST_FORBIDDEN');
    });
  });
});
