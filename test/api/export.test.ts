// GET /v1/export: the JSONL streamed with its manifest as the trailer, through app.inject and through a
// listening server (where trailers and a client leaving halfway are real).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { startServer, type Server } from '../../src/commands/serve.ts';
import type { ExportManifest } from '../../src/export/index.ts';
import { eachBackend } from '../helpers/db.ts';
import { schemaProblems, type Line } from '../export/schema.ts';
import { insertSamples, seedRound, type Seeded } from '../export/seed.ts';
import { apiServices, auth, notingWorkers, testApi, TOKEN, type TestApi } from './helpers.ts';

const linesOf = (text: string) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);

/** A GET over real HTTP: status, headers, body and trailers. */
function httpGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; trailers: NodeJS.Dict<string> }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), trailers: res.trailers }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('GET /v1/export', () => {
  eachBackend((get) => {
    let api: TestApi;
    let seeded: Seeded;
    before(async () => {
      seeded = await seedRound(get().db);
      await insertSamples(get().db, seeded, 2000);
      api = await testApi(get().db, { workers: notingWorkers() });
    });
    after(async () => {
      await api?.close();
    });

    it('streams JSONL with its headers, and the manifest as the trailer', async () => {
      const res = await api.app.inject({ method: 'GET', url: '/v1/export?format=chat&language=php&min_revisions=1', headers: auth });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/x-ndjson; charset=utf-8');
      assert.equal(res.headers['content-disposition'], 'attachment; filename="flywheel-chat.jsonl"');
      assert.equal(res.headers['flywheel-export-schema'], '1');
      const lines = linesOf(res.body);
      assert.ok(lines.length > 400 && lines.every((l) => l.language === 'php' && schemaProblems(l, 'chat').length === 0));
      const manifest = JSON.parse(res.trailers['flywheel-manifest'] ?? '') as ExportManifest;
      assert.equal(manifest.counts.lines, lines.length);
      assert.deepEqual(manifest.filters, { language: 'php', min_revisions: 1 });
      assert.equal(manifest.bytes, Buffer.byteLength(res.body));
      assert.equal(manifest.last_id, lines[lines.length - 1]?.id);
    });

    it('gzip=true sends application/gzip that unpacks to the same lines', async () => {
      const plain = await api.app.inject({ method: 'GET', url: `/v1/export?format=raw&round=${seeded.roundId}`, headers: auth });
      const zipped = await api.app.inject({ method: 'GET', url: `/v1/export?format=raw&round=${seeded.roundId}&gzip=true`, headers: auth });
      assert.equal(zipped.statusCode, 200);
      assert.equal(zipped.headers['content-type'], 'application/gzip');
      assert.equal(zipped.headers['content-disposition'], `attachment; filename="flywheel-raw-round-${seeded.roundId}.jsonl.gz"`);
      assert.equal(zlib.gunzipSync(zipped.rawPayload).toString(), plain.body);
      assert.equal(linesOf(plain.body).length, 2000);
    });

    it('an incremental export from the last id of the previous one', async () => {
      const first = await api.app.inject({ method: 'GET', url: '/v1/export?format=dialog', headers: auth });
      const lastId = (JSON.parse(first.trailers['flywheel-manifest'] ?? '') as ExportManifest).last_id;
      await insertSamples(get().db, seeded, 5, 50_001);
      const next = await api.app.inject({ method: 'GET', url: `/v1/export?format=dialog&since=${lastId}`, headers: auth });
      assert.equal(linesOf(next.body).length, 5);
      await get().db.query('delete from samples where id > $1', [lastId]);
    });

    describe('over HTTP', () => {
      let server: Server;
      before(async () => {
        server = await startServer(await apiServices(get().db), {
          config: { host: '127.0.0.1', port: 0, apiToken: TOKEN, cron: '', cronTimezone: 'UTC' },
          joinEveryMs: 0,
        });
      });
      after(async () => {
        await server?.close();
      });

      it('sends the manifest as a real HTTP trailer after the chunked body', async () => {
        const res = await httpGet(`${server.url}/v1/export?format=dialog&judge_style=1`, auth);
        assert.equal(res.status, 200);
        assert.equal(res.headers['transfer-encoding'], 'chunked');
        assert.equal(res.headers.trailer, 'flywheel-manifest');
        const lines = linesOf(res.body.toString());
        assert.equal(lines.length, 1000);
        const manifest = JSON.parse(res.trailers['flywheel-manifest'] ?? '') as ExportManifest;
        assert.equal(manifest.counts.lines, 1000);
        assert.deepEqual(manifest.filters, { judge_style: 1 });
      });

      it('a client leaving halfway closes the cursor; the next export works', async () => {
        await new Promise<void>((resolve, reject) => {
          const req = http.get(`${server.url}/v1/export?format=raw`, { headers: auth }, (res) => {
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          });
          req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(err)));
        });
        const again = await httpGet(`${server.url}/v1/export?format=chat`, auth);
        assert.equal(again.status, 200);
        assert.equal(linesOf(again.body.toString()).length, 2000);
      });

      it('without the token the export is 401 and sends nothing', async () => {
        const res = await httpGet(`${server.url}/v1/export`);
        assert.equal(res.status, 401);
        assert.equal(JSON.parse(res.body.toString()).error.code, 'FLY_UNAUTHORIZED');
      });
    });
  });
});
