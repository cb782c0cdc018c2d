// Bearer-token auth: everything but the probes and the API's description needs the token; the comparison
// is by digest; `serve` refuses an API without a token on anything but loopback. Some of it through a
// really listening server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bearerToken, hostName, isLoopback, tokenMatcher } from '../../src/api/auth.ts';
import { startServer, type Server } from '../../src/commands/serve.ts';
import { isFlywheelError } from '../../src/errors.ts';
import { eachBackend, openTestDb, type TestDb } from '../helpers/db.ts';
import { testConfig } from '../helpers/pipeline.ts';
import { apiServices, auth, notingWorkers, testApi, TOKEN, type TestApi } from './helpers.ts';

const serverConfig = { host: '127.0.0.1', port: 0, apiToken: TOKEN, cron: '', cronTimezone: 'UTC' };

describe('auth', () => {
  let testDb: TestDb;
  let api: TestApi;
  before(async () => {
    testDb = await openTestDb('pglite');
    api = await testApi(testDb.db, { workers: notingWorkers() });
  });
  after(async () => {
    await api?.close();
    await testDb?.cleanup();
  });

  const get = (url: string, headers: Record<string, string> = {}) => api.app.inject({ method: 'GET', url, headers });

  it('a request without a token is 401 with a Bearer challenge', async () => {
    const res = await get('/v1/rounds');
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="flywheel"');
    assert.deepEqual(res.json(), { error: { code: 'FLY_UNAUTHORIZED', message: 'missing bearer token: send Authorization: Bearer <FLYWHEEL_API_TOKEN>' } });
  });

  it('a wrong token, a token of another length and another scheme are 401', async () => {
    for (const header of [`Bearer ${TOKEN.slice(0, -1)}x`, 'Bearer x', `Bearer ${TOKEN}${TOKEN}`, `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`, TOKEN]) {
      const res = await get('/v1/rounds', { authorization: header });
      assert.equal(res.statusCode, 401, header);
      assert.equal(res.json().error.code, 'FLY_UNAUTHORIZED');
    }
  });

  it('the right token is let through, whatever the case of the scheme', async () => {
    assert.equal((await get('/v1/rounds', auth)).statusCode, 200);
    assert.equal((await get('/v1/rounds', { authorization: `bearer ${TOKEN}` })).statusCode, 200);
  });

  it('the probes, the OpenAPI document and the docs page are open', async () => {
    assert.equal((await get('/healthz')).statusCode, 200);
    assert.equal((await get('/readyz')).statusCode, 200);
    const doc = await get('/openapi.json');
    assert.equal(doc.statusCode, 200);
    assert.equal((doc.json() as { openapi: string }).openapi, '3.1.0');
    assert.equal((await get('/docs')).statusCode, 200);
    assert.equal((await get('/docs/static/swagger-ui.css')).statusCode, 200);
  });

  it('metrics and every /v1 route need the token', async () => {
    for (const url of ['/metrics', '/v1/checkpoints', '/v1/samples', '/v1/samples/1', '/v1/export']) {
      assert.equal((await get(url)).statusCode, 401, url);
    }
    const post = await api.app.inject({ method: 'POST', url: '/v1/verify', payload: { language: 'python', code: '', tests: '' } });
    assert.equal(post.statusCode, 401);
  });

  it('an unknown path without a token is 401, not 404: routes cannot be probed', async () => {
    assert.equal((await get('/v1/secret-admin')).statusCode, 401);
    assert.equal((await get('/docs/../v1/rounds')).statusCode, 401);
  });

  it('the token is compared by digest, whatever the lengths', () => {
    const matches = tokenMatcher('s3cret');
    assert.equal(matches('s3cret'), true);
    assert.equal(matches('s3cre'), false);
    assert.equal(matches('s3cret-and-more'), false);
    assert.equal(matches(''), false);
    assert.equal(bearerToken('Bearer abc'), 'abc');
    assert.equal(bearerToken('Bearer abc def'), undefined);
    assert.equal(bearerToken(undefined), undefined);
  });

  it('without a token configured the API is open', async () => {
    const open = await testApi(testDb.db, { workers: notingWorkers(), token: '' });
    try {
      assert.equal((await open.app.inject({ method: 'GET', url: '/v1/rounds' })).statusCode, 200);
    } finally {
      await open.close();
    }
  });

  // Refusals before any route runs; on both backends all the same, since a route behind them reaches the database.
  eachBackend((get) => {
    it('without a token only requests addressed to a loopback name are served (no DNS rebinding)', async () => {
      const open = await testApi(get().db, { workers: notingWorkers(), token: '' });
      try {
        for (const host of ['localhost', 'localhost:8080', '127.0.0.1:8080', '[::1]:8080', 'LOCALHOST']) {
          assert.equal((await open.app.inject({ method: 'GET', url: '/v1/rounds', headers: { host } })).statusCode, 200, host);
        }
        for (const host of ['rebind.example:8080', 'rebind.example', '10.0.0.1:8080', 'localhost.rebind.example', '127.0.0.1.nip.io', 'localhost:8080:1']) {
          const res = await open.app.inject({ method: 'GET', url: '/v1/rounds', headers: { host } });
          assert.equal(res.statusCode, 403, host);
          assert.equal(res.json().error.code, 'FLY_HOST_FORBIDDEN', host);
        }
      } finally {
        await open.close();
      }
      assert.equal(hostName('[::1]:80'), '[::1]');
      assert.equal(hostName('Example.COM:443'), 'example.com');
      assert.equal(hostName('a b'), undefined);
      assert.equal(hostName(undefined), undefined);
    });

    it('an address that keeps failing authentication is locked out, the right token included, and no other address', async () => {
      const limited = await testApi(get().db, { workers: notingWorkers(), config: testConfig({ AUTH_FAILURES_MAX: '3', AUTH_FAILURE_WINDOW_MS: '60000' }) });
      const from = (remoteAddress: string, headers: Record<string, string> = {}) => limited.app.inject({ method: 'GET', url: '/v1/rounds', remoteAddress, headers });
      try {
        for (let i = 0; i < 3; i++) assert.equal((await from('10.0.0.1', { authorization: 'Bearer guess' })).statusCode, 401);
        const locked = await from('10.0.0.1', { authorization: 'Bearer guess' });
        assert.equal(locked.statusCode, 429);
        assert.equal(locked.json().error.code, 'FLY_AUTH_RATE_LIMITED');
        assert.ok(Number(locked.headers['retry-after']) >= 1 && Number(locked.headers['retry-after']) <= 60, String(locked.headers['retry-after']));
        const right = await from('10.0.0.1', auth);
        assert.equal(right.statusCode, 429, 'a right guess during the lockout must not be told apart');
        assert.equal((await from('10.0.0.2', auth)).statusCode, 200);
        assert.equal((await from('10.0.0.2')).statusCode, 401);
        // Successes are not counted: an address that authenticates does not drift towards a lockout.
        for (let i = 0; i < 10; i++) assert.equal((await from('10.0.0.3', auth)).statusCode, 200);
        assert.equal((await from('10.0.0.3')).statusCode, 401);
        // The probes stay open to a locked-out address.
        assert.equal((await limited.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.0.0.1' })).statusCode, 200);
      } finally {
        await limited.close();
      }
    });

    it('a lockout ends with its window', async () => {
      const limited = await testApi(get().db, { workers: notingWorkers(), config: testConfig({ AUTH_FAILURES_MAX: '1', AUTH_FAILURE_WINDOW_MS: '1000' }) });
      const from = (headers: Record<string, string> = {}) => limited.app.inject({ method: 'GET', url: '/v1/rounds', remoteAddress: '10.0.0.9', headers });
      try {
        assert.equal((await from()).statusCode, 401);
        assert.equal((await from()).statusCode, 429);
        await new Promise((resolve) => setTimeout(resolve, 1100));
        assert.equal((await from(auth)).statusCode, 200);
      } finally {
        await limited.close();
      }
    });
  });

  it('loopback addresses are told from the others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) assert.equal(isLoopback(host), true, host);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.5', 'example.com', '']) assert.equal(isLoopback(host), false, host);
  });

  describe('a listening server', () => {
    let server: Server;
    before(async () => {
      server = await startServer(await apiServices(testDb.db), { config: serverConfig, joinEveryMs: 0 });
    });
    after(async () => {
      await server?.close();
    });

    it('listens on the configured host and an ephemeral port', () => {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    });

    it('answers the probes without a token and the API with one, over HTTP', async () => {
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      const denied = await fetch(`${server.url}/v1/checkpoints`);
      assert.equal(denied.status, 401);
      assert.equal(((await denied.json()) as { error: { code: string } }).error.code, 'FLY_UNAUTHORIZED');
      const allowed = await fetch(`${server.url}/v1/checkpoints`, { headers: auth });
      assert.equal(allowed.status, 200);
      assert.deepEqual(await allowed.json(), { items: [] });
      assert.ok(allowed.headers.get('x-request-id'));
    });

    it('refuses a body over the limit over HTTP too', async () => {
      const res = await fetch(`${server.url}/v1/rounds`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ seedPaths: ['x'.repeat(2 * 1024 * 1024)] }),
      });
      assert.equal(res.status, 413);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'FLY_BODY_TOO_LARGE');
    });
  });

  it('a server without a token does not start on a non-loopback address', async () => {
    await assert.rejects(
      startServer(await apiServices(testDb.db), { config: { ...serverConfig, host: '0.0.0.0', apiToken: '' }, joinEveryMs: 0 }),
      (err) => isFlywheelError(err, 'FLY_CONFIG_INVALID') && /FLYWHEEL_API_TOKEN is empty and FLYWHEEL_HOST is 0\.0\.0\.0/.test(err.message),
    );
  });

  it('`flywheel serve` without a token on 0.0.0.0 exits before opening anything, naming the fix', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const result = spawnSync(process.execPath, [path.join(root, 'bin/flywheel.js'), 'serve'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', FLYWHEEL_HOST: '0.0.0.0', FLYWHEEL_API_TOKEN: '', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /FLYWHEEL_API_TOKEN is empty and FLYWHEEL_HOST is 0\.0\.0\.0: set a token, or listen on 127\.0\.0\.1/);
  });
});
