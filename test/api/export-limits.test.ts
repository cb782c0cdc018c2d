// GET /v1/export cannot block the service: over a listening server, clients that stop reading an export hold
// no database connection or transaction, so the other routes answer on PGlite (one connection) and on a
// server pool of two; at most EXPORT_MAX_CONCURRENT exports stream (then 429 with retry-after); a client that
// takes nothing for EXPORT_IDLE_TIMEOUT_MS is cut off without the final chunk; an export read slowly is the
// same as one read fast; and `flywheel export` into a pipe nobody reads keeps no transaction open.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { startServer, type Server } from '../../src/commands/serve.ts';
import type { ExportManifest } from '../../src/export/index.ts';
import type { Db } from '../../src/store/db.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { eachBackend } from '../helpers/db.ts';
import { testConfig } from '../helpers/pipeline.ts';
import { insertSamples, seedRound } from '../export/seed.ts';
import { apiServices, auth, TOKEN } from './helpers.ts';

// Raw lines are about 1.1 KiB: an export of them all is ~11 MB, far more than the socket buffers between the
// server and a client that reads nothing (a few MB), so such an export cannot finish.
const SAMPLES = 10_000;
// A request to the service that gets no answer in this long fails the test instead of hanging it.
const ANSWER_MS = 15_000;

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  trailers: NodeJS.Dict<string>;
}

/** A GET over real HTTP, read as fast as it comes; fails when the service does not answer. */
function httpGet(url: string, headers: Record<string, string> = auth): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), trailers: res.trailers }));
      res.on('error', reject);
    });
    req.setTimeout(ANSWER_MS, () => req.destroy(new Error(`GET ${url}: no answer within ${ANSWER_MS} ms`)));
    req.on('error', reject);
  });
}

/** A GET read slowly: a pause of `pauseMs` after every `every` bytes, so the server waits on the client. */
function slowGet(url: string, options: { every: number; pauseMs: number; onFirstChunk?: () => Promise<void> }): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: auth, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let sincePause = 0;
      let first = true;
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        sincePause += c.length;
        if (first) {
          first = false;
          res.pause();
          (options.onFirstChunk?.() ?? Promise.resolve()).then(() => res.resume(), reject);
        } else if (sincePause >= options.every) {
          sincePause = 0;
          res.pause();
          setTimeout(() => res.resume(), options.pauseMs);
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), trailers: res.trailers }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

interface Stalled {
  res: http.IncomingMessage;
  /** Ends the connection from the client's side. */
  drop(): void;
}

/** An export whose client reads the status line and the first bytes, then nothing more. */
function stalledExport(url: string): Promise<Stalled> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: auth, agent: false }, (res) => {
      // From here on the client stays, reading nothing, until the test drops it.
      req.setTimeout(0);
      res.pause();
      // A cut-off response errors once read; the test that reads it looks at that.
      res.on('error', () => {});
      resolve({ res, drop: () => req.destroy() });
    });
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
    req.setTimeout(ANSWER_MS, () => req.destroy(new Error(`GET ${url}: no answer within ${ANSWER_MS} ms`)));
  });
}

/** What a stalled client gets once it reads again: the bytes, and whether the response ended whole. */
function readRest(res: http.IncomingMessage): Promise<{ body: Buffer; complete: boolean; trailers: NodeJS.Dict<string> }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('close', () => resolve({ body: Buffer.concat(chunks), complete: res.complete, trailers: res.trailers }));
    res.resume();
  });
}

const lineCount = (body: Buffer | string) => body.toString().split('\n').filter(Boolean).length;
const manifestOf = (got: { trailers: NodeJS.Dict<string> }) => JSON.parse(got.trailers['flywheel-manifest'] ?? 'null') as ExportManifest | null;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks for `url` until it is answered 200 (a place in the cap is freed by the server's own timing). */
async function until200(url: string): Promise<Got> {
  for (let attempt = 0; ; attempt++) {
    const got = await httpGet(url);
    if (got.status === 200 || attempt === 400) return got;
    await delay(25);
  }
}

describe('GET /v1/export cannot block the service', () => {
  eachBackend((get, backend) => {
    let lastId: number;
    // The API's database: on the server a pool of two connections, so two exports holding one each would
    // leave nothing for the other routes.
    let apiDb: Db;
    before(async () => {
      const { db, url } = get();
      await insertSamples(db, await seedRound(db), SAMPLES);
      lastId = (await db.query<{ id: number }>('select max(id)::int8 as id from samples'))[0]?.id ?? 0;
      apiDb = backend === 'postgres' ? await openPostgres({ url: url as string, poolSize: 2 }) : db;
    });
    after(async () => {
      if (backend === 'postgres') await apiDb?.close();
    });

    /** A listening server over `apiDb` with these settings. */
    const serve = async (env: Record<string, string>): Promise<Server> =>
      startServer(await apiServices(apiDb, { config: testConfig(env) }), {
        config: { host: '127.0.0.1', port: 0, apiToken: TOKEN, cron: '', cronTimezone: 'UTC' },
        joinEveryMs: 0,
      });

    describe('with twelve readers that stopped reading', () => {
      let server: Server;
      const stalled: Stalled[] = [];
      before(async () => {
        server = await serve({ EXPORT_MAX_CONCURRENT: '16' });
      });
      after(async () => {
        for (const s of stalled) s.drop();
        await server?.close();
      });

      it('samples, rounds, readiness and another export still answer', async () => {
        for (let i = 0; i < 12; i++) stalled.push(await stalledExport(`${server.url}/v1/export?format=raw`));
        assert.deepEqual(stalled.map((s) => s.res.statusCode), Array(12).fill(200));

        const samples = await httpGet(`${server.url}/v1/samples?limit=5`);
        assert.equal(samples.status, 200, samples.body.toString());
        assert.equal((JSON.parse(samples.body.toString()) as { items: unknown[] }).items.length, 5);
        const rounds = await httpGet(`${server.url}/v1/rounds`);
        assert.equal(rounds.status, 200, rounds.body.toString());
        const ready = await httpGet(`${server.url}/readyz`, {});
        assert.equal(ready.status, 200, ready.body.toString());
        const tail = await httpGet(`${server.url}/v1/export?format=chat&since=${lastId - 3}`);
        assert.equal(tail.status, 200);
        assert.equal(lineCount(tail.body), 3);
        assert.equal(manifestOf(tail)?.last_id, lastId);

        // The twelve are still there, unfinished: the routes above answered beside them, not after them.
        assert.ok(stalled.every((s) => !s.res.complete && !s.res.destroyed));
      });
    });

    describe('with EXPORT_MAX_CONCURRENT=2', () => {
      let server: Server;
      before(async () => {
        server = await serve({ EXPORT_MAX_CONCURRENT: '2' });
      });
      after(async () => {
        await server?.close();
      });

      it('a third export is a 429 with retry-after and FLY_TOO_MANY_EXPORTS; a place comes free when a reader leaves', async () => {
        const first = await stalledExport(`${server.url}/v1/export?format=raw`);
        const second = await stalledExport(`${server.url}/v1/export?format=dialog`);
        assert.deepEqual([first.res.statusCode, second.res.statusCode], [200, 200]);

        const third = await httpGet(`${server.url}/v1/export?format=chat&since=${lastId - 3}`);
        assert.equal(third.status, 429);
        assert.match(String(third.headers['retry-after']), /^[1-9]\d*$/);
        assert.equal((JSON.parse(third.body.toString()) as { error: { code: string } }).error.code, 'FLY_TOO_MANY_EXPORTS');
        // The other routes are not capped.
        assert.equal((await httpGet(`${server.url}/v1/samples?limit=1`)).status, 200);

        first.drop();
        const fourth = await until200(`${server.url}/v1/export?format=chat&since=${lastId - 3}`);
        assert.equal(fourth.status, 200);
        assert.equal(lineCount(fourth.body), 3);
        second.drop();
      });
    });

    describe('with EXPORT_IDLE_TIMEOUT_MS=300', () => {
      let server: Server;
      before(async () => {
        server = await serve({ EXPORT_IDLE_TIMEOUT_MS: '300', EXPORT_MAX_CONCURRENT: '1' });
      });
      after(async () => {
        await server?.close();
      });

      it('a reader that takes nothing is cut off without the final chunk, and its place is freed', async () => {
        const stalled = await stalledExport(`${server.url}/v1/export?format=raw`);
        assert.equal(stalled.res.statusCode, 200);
        // The one place is taken until the server cuts the stalled reader off.
        const next = await until200(`${server.url}/v1/export?format=chat&since=${lastId - 3}`);
        assert.equal(next.status, 200);
        assert.equal(lineCount(next.body), 3);

        const rest = await readRest(stalled.res);
        assert.equal(rest.complete, false, 'the cut-off response must not end as a whole one');
        assert.equal(rest.trailers['flywheel-manifest'], undefined);
        assert.ok(lineCount(rest.body) < SAMPLES, `${lineCount(rest.body)} lines arrived`);
      });
    });

    describe('read slowly', () => {
      let server: Server;
      before(async () => {
        server = await serve({});
      });
      after(async () => {
        await server?.close();
      });

      for (const [format, gzip] of [['raw', false], ['dialog', true]] as const) {
        it(`${format}${gzip ? ' gzip' : ''}: the same bytes and manifest as read fast, samples added meanwhile left to the next export`, async () => {
          const url = `${server.url}/v1/export?format=${format}&gzip=${gzip}`;
          const fast = await httpGet(url);
          assert.equal(fast.status, 200);
          const slow = await slowGet(url, {
            every: 512 * 1024,
            pauseMs: 15,
            // Samples added once the slow export has begun come after its last id: not in this export.
            onFirstChunk: async () => {
              await insertSamples(get().db, await seedRound(get().db), 20, 900_001);
            },
          });
          try {
            assert.equal(slow.status, 200);
            const text = (got: Got) => (gzip ? zlib.gunzipSync(got.body) : got.body).toString();
            assert.equal(lineCount(text(slow)), SAMPLES);
            assert.ok(text(slow) === text(fast), 'the slow export differs from the fast one');
            const [f, s] = [manifestOf(fast), manifestOf(slow)];
            assert.ok(f && s);
            assert.deepEqual({ ...s, started_at: '', finished_at: '' }, { ...f, started_at: '', finished_at: '' });
            assert.equal(s.last_id, lastId);
          } finally {
            await get().db.query('delete from samples where id > $1', [lastId]);
          }
        });
      }
    });

    if (backend === 'postgres') {
      describe('flywheel export into a pipe nobody reads', () => {
        const root = path.resolve(import.meta.dirname, '../..');

        it('keeps no transaction open on the server while it waits', async (t) => {
          const child = spawn(process.execPath, [path.join(root, 'bin/flywheel.js'), 'export', '--format', 'raw'], {
            cwd: root,
            env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: get().url ?? '' },
            stdio: ['ignore', 'pipe', 'ignore'],
          });
          const exited = new Promise((resolve) => child.once('exit', resolve));
          try {
            await new Promise<void>((resolve, reject) => {
              child.stdout.once('data', () => resolve());
              child.once('error', reject);
              child.once('exit', (code) => reject(new Error(`flywheel export exited ${code} before writing`)));
            });
            child.stdout.pause();
            // Looked at several times while the export waits on the full pipe.
            const states: string[] = [];
            for (let look = 0; look < 10; look++) {
              await delay(100);
              const rows = await get().db.query<{ state: string | null }>(
                `select state from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
              );
              states.push(...rows.map((r) => r.state ?? 'none'));
            }
            t.diagnostic(`sessions seen: ${[...new Set(states)].join(', ')}`);
            assert.equal(child.exitCode, null, 'the export should still be waiting on its reader');
            assert.ok(!states.includes('idle in transaction'), `a session of the export sat idle in a transaction: ${states.join(', ')}`);
          } finally {
            child.kill();
            await exited;
          }
        });
      });
    }
  });
});
