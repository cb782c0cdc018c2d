// The JSONL export: each format's lines in the documented schema, the split by hash, filters and `since`
// for incremental exports, the manifest, gzip, the command line, and 100k samples streamed with the heap
// flat.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { progressBar } from '../../src/commands/export.ts';
import { exportStream, splitOf, writeExport, type ExportFormat, type ExportManifest } from '../../src/export/index.ts';
import { dialogMessages } from '../../src/export/formats.ts';
import type { Db } from '../../src/store/db.ts';
import { eachBackend, openTestDb, type TestDb } from '../helpers/db.ts';
import { retainedHeap } from '../helpers/memory.ts';
import { schemaProblems, type Line } from './schema.ts';
import { insertSamples, seedRound, type Seeded } from './seed.ts';

async function exportText(db: Db, format: ExportFormat, options: Partial<Parameters<typeof exportStream>[0]> = {}): Promise<{ lines: Line[]; manifest: ExportManifest }> {
  const chunks: Buffer[] = [];
  const manifest = await writeExport({
    db, format, filters: {}, ...options,
    out: new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    }),
  });
  const text = Buffer.concat(chunks).toString('utf8');
  return { lines: text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line), manifest };
}

describe('export', () => {
  eachBackend((get) => {
    let seeded: Seeded;
    let ids: number[];
    before(async () => {
      const { db } = get();
      seeded = await seedRound(db);
      await insertSamples(db, seeded, 300);
      ids = (await db.query<{ id: number }>('select id from samples order by id')).map((r) => r.id);
    });

    for (const format of ['chat', 'dialog', 'raw'] as const) {
      it(`${format}: one line per sample in id order, each in the documented schema, counted in the manifest`, async () => {
        const { lines, manifest } = await exportText(get().db, format);
        assert.deepEqual(lines.map((l) => l.id), ids);
        for (const line of lines) assert.deepEqual(schemaProblems(line, format), [], JSON.stringify(line).slice(0, 200));
        assert.equal(manifest.counts.lines, 300);
        assert.equal(manifest.counts.train + manifest.counts.validation, 300);
        assert.deepEqual(manifest.counts.by_language, { php: 100, python: 100, typescript: 100 });
        assert.equal(manifest.counts.validation, lines.filter((l) => l.split === 'validation').length);
        assert.deepEqual([manifest.first_id, manifest.last_id, manifest.format, manifest.schema_version], [ids[0], ids[299], format, 1]);
      });
    }

    it('chat: the problem as the user turn and the accepted solution as the assistant turn', async () => {
      const { lines } = await exportText(get().db, 'chat', { filters: { language: 'php' } });
      const first = lines[0] as { messages: { role: string; content: string }[]; language: string; checkpoint: string; round: number };
      assert.equal(first.language, 'php');
      assert.equal(first.round, seeded.roundId);
      assert.match(first.checkpoint, /^gen-/);
      assert.deepEqual(first.messages.map((m) => m.role), ['user', 'assistant']);
      assert.match(first.messages[0]?.content ?? '', /^Solve the programming exercise below in PHP\.\n\nTitle: Problem 1\n\nGiven a list/);
      assert.match(first.messages[0]?.content ?? '', /Signature: def solve\(nums: list\[int\]\) -> int\n\nExample 1:\nInput: \[1, 2, 3\]\nOutput: 6/);
      assert.equal(first.messages[1]?.content, '```php\ndef solve(nums: list[int]) -> int:\n    # "sum" them all, sample 1\n    return sum(nums)\n```');
    });

    it('dialog: every turn, checker feedback as a user turn that says so, roles alternating', async () => {
      const { lines } = await exportText(get().db, 'dialog', { filters: { since: { id: ids[9] as number } } });
      assert.equal(lines[0]?.id, ids[10]);
      const messages = lines[0]?.messages as { role: string; content: string }[];
      assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
      assert.equal(messages[2]?.content, 'Checker feedback (verify):\ntest_sum failed: assert 7 == 6\n\nFix the solution.');
      assert.deepEqual(
        dialogMessages([{ role: 'checker', content: 'x' }, { role: 'assistant', content: 'a' }, { role: 'assistant', content: 'b' }]),
        [{ role: 'user', content: 'Checker feedback:\nx' }, { role: 'assistant', content: 'a\n\nb' }],
      );
    });

    it('raw: every stored field as stored', async () => {
      const { lines } = await exportText(get().db, 'raw', { filters: { round: seeded.roundId, min_revisions: 3 } });
      const rows = await get().db.query<Record<string, unknown> & { id: number; created_at: Date }>('select * from samples where revisions >= 3 order by id');
      assert.equal(lines.length, rows.length);
      for (const [i, row] of rows.entries()) {
        const line = lines[i] as Line;
        for (const [column, value] of Object.entries(row)) {
          const key = column === 'round_id' ? 'round' : column;
          assert.deepEqual(line[key], value instanceof Date ? value.toISOString() : value, `${column} of sample ${row.id}`);
        }
      }
    });

    it('the split is the content hash\'s, the same whatever the filters, and follows the percentage', async () => {
      const all = await exportText(get().db, 'chat');
      const some = await exportText(get().db, 'chat', { filters: { language: 'python' } });
      const byId = new Map(all.lines.map((l) => [l.id, l.split]));
      for (const l of some.lines) assert.equal(l.split, byId.get(l.id));
      for (const l of all.lines) assert.equal(l.split, splitOf(l.content_hash as string, 5));
      const half = await exportText(get().db, 'chat', { validationPercent: 50 });
      assert.ok(half.manifest.counts.validation > 100 && half.manifest.counts.validation < 200, String(half.manifest.counts.validation));
      assert.equal((await exportText(get().db, 'chat', { validationPercent: 0 })).manifest.counts.validation, 0);
      assert.equal(splitOf('0000ab', 1), 'validation');
      assert.equal(splitOf('0063ff', 99), 'train');
    });

    it('an incremental export after the last id has only the samples added since', async () => {
      const { db } = get();
      const first = await exportText(db, 'raw');
      await insertSamples(db, seeded, 7, 10_001);
      const next = await exportText(db, 'raw', { filters: { since: { id: first.manifest.last_id as number } } });
      assert.equal(next.lines.length, 7);
      assert.ok(next.lines.every((l) => (l.id as number) > (first.manifest.last_id as number)));
      assert.deepEqual(next.manifest.filters, { since: first.manifest.last_id });
      const byTime = await exportText(db, 'raw', { filters: { since: { createdAt: new Date(Date.now() + 60_000) } } });
      assert.equal(byTime.lines.length, 0);
      await db.query('delete from samples where id > $1', [first.manifest.last_id]);
    });

    it('to a file: the JSONL, FILE.manifest.json beside it, gzip when asked, and nothing half-written', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-export-'));
      try {
        const plain = path.join(dir, 'chat.jsonl');
        const manifest = await writeExport({ db: get().db, format: 'chat', filters: {}, out: plain });
        assert.deepEqual(JSON.parse(fs.readFileSync(`${plain}.manifest.json`, 'utf8')), manifest);
        assert.equal(manifest.bytes, fs.statSync(plain).size);
        const gz = path.join(dir, 'chat.jsonl.gz');
        const zipped = await writeExport({ db: get().db, format: 'chat', filters: {}, out: gz, gzip: true });
        assert.equal(zlib.gunzipSync(fs.readFileSync(gz)).toString(), fs.readFileSync(plain, 'utf8'));
        assert.equal(zipped.gzip, true);
        assert.equal(zipped.bytes, fs.statSync(gz).size);
        assert.ok(zipped.bytes < manifest.bytes / 3);
        assert.deepEqual(fs.readdirSync(dir).sort(), ['chat.jsonl', 'chat.jsonl.gz', 'chat.jsonl.gz.manifest.json', 'chat.jsonl.manifest.json']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a reader that goes away stops the export, closes the cursor, and the database stays usable', async () => {
      const { stream, manifest } = exportStream({ db: get().db, format: 'raw', filters: {} });
      for await (const _chunk of stream) break;
      await assert.rejects(manifest);
      const [row] = await get().db.query<{ n: number }>('select count(*)::int8 as n from samples');
      assert.equal(row?.n, 300);
    });
  });

  describe('100k samples on the server backend', () => {
    let testDb: TestDb;
    before(async () => {
      testDb = await openTestDb('postgres');
      await insertSamples(testDb.db, await seedRound(testDb.db), 100_000);
    });
    after(async () => {
      await testDb?.cleanup();
    });

    for (const format of ['raw', 'dialog'] as const) {
      it(`${format}: streamed with the retained heap flat, every line valid JSON in the documented schema`, async (t) => {
        const base = retainedHeap();
        let peak = 0;
        let lines = 0;
        let bytes = 0;
        let rest = '';
        const bad: string[] = [];
        const check = new Writable({
          write(chunk: Buffer, _encoding, done) {
            bytes += chunk.length;
            const text = rest + chunk.toString('utf8');
            const parts = text.split('\n');
            rest = parts.pop() ?? '';
            for (const part of parts) {
              lines++;
              const problems = schemaProblems(JSON.parse(part) as Line, format);
              if (problems.length > 0 && bad.length < 5) bad.push(`${part.slice(0, 100)}: ${problems.join(', ')}`);
              if (lines % 10_000 === 0) peak = Math.max(peak, retainedHeap() - base);
            }
            done();
          },
        });
        const manifest = await writeExport({ db: testDb.db, format, filters: {}, out: check });
        assert.equal(rest, '');
        assert.deepEqual(bad, []);
        assert.equal(lines, 100_000);
        assert.equal(manifest.counts.lines, 100_000);
        assert.equal(manifest.bytes, bytes);
        assert.ok(bytes > 50 * 1024 * 1024, `exported ${bytes} bytes`);
        t.diagnostic(`${format}: ${lines} lines, ${bytes} bytes, peak retained heap growth ${peak} bytes`);
        assert.ok(peak < 8 * 1024 * 1024, `streaming ${bytes} bytes retained ${peak} bytes of heap at its peak`);
      });
    }
  });

  describe('flywheel export', () => {
    let testDb: TestDb;
    let dir: string;
    const root = path.resolve(import.meta.dirname, '../..');
    const run = (args: string[], options: { encoding?: 'buffer' } = {}) =>
      spawnSync(process.execPath, [path.join(root, 'bin/flywheel.js'), 'export', ...args], {
        cwd: root,
        env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: testDb.url ?? '' },
        encoding: options.encoding ?? 'utf8',
        timeout: 60_000,
        maxBuffer: 64 * 1024 * 1024,
      });
    before(async () => {
      testDb = await openTestDb('postgres');
      await insertSamples(testDb.db, await seedRound(testDb.db), 60);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-export-cli-'));
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await testDb?.cleanup();
    });

    it('--out FILE writes the JSONL and FILE.manifest.json, with the filters', () => {
      const out = path.join(dir, 'php.jsonl');
      const result = run(['--format', 'dialog', '--language', 'php', '--judge-correct', '1', '--out', out]);
      assert.equal(result.status, 0, String(result.stderr));
      assert.match(String(result.stderr), /export: 10 samples \(\d+ validation\) to .*php\.jsonl, manifest .*php\.jsonl\.manifest\.json/);
      const lines = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
      assert.equal(lines.length, 10);
      assert.ok(lines.every((l) => l.language === 'php' && schemaProblems(l, 'dialog').length === 0));
      const manifest = JSON.parse(fs.readFileSync(`${out}.manifest.json`, 'utf8')) as ExportManifest;
      assert.deepEqual(manifest.filters, { language: 'php', judge_correct: 1 });
      assert.equal(manifest.format, 'dialog');
    });

    it('without --out it writes to stdout (gzip too) and the manifest to stderr', () => {
      const result = run(['--format', 'raw', '--gzip', '--since', '50'], { encoding: 'buffer' });
      assert.equal(result.status, 0, String(result.stderr));
      const lines = zlib.gunzipSync(result.stdout as Buffer).toString().trim().split('\n').map((l) => JSON.parse(l) as Line);
      assert.equal(lines.length, 10);
      const manifest = JSON.parse(String(result.stderr).trim().split('\n').pop() ?? '') as ExportManifest;
      assert.equal(manifest.counts.lines, 10);
      assert.equal(manifest.gzip, true);
    });

    it('the progress bar redraws one line at most ten times a second and ends it', async () => {
      let written = '';
      const out = Object.assign(new Writable({
        write(chunk: Buffer, _encoding, done) {
          written += chunk.toString();
          done();
        },
      }), { isTTY: true });
      const bar = progressBar(200, out);
      for (let i = 1; i <= 100; i++) bar.update(i);
      await new Promise((resolve) => setTimeout(resolve, 120));
      bar.update(150);
      bar.done();
      const frames = written.split('\r').filter(Boolean);
      assert.equal(frames.length, 3, JSON.stringify(written));
      assert.match(frames[0] ?? '', /^export \[\.{30}\] 1% 1\/200 lines, \d+\/s $/);
      assert.match(frames[1] ?? '', /^export \[#{23}\.{7}\] 75% 150\/200 lines/);
      assert.match(frames[2] ?? '', /^export \[#{30}\] 100% 200\/200 lines, \d+\/s \n$/);
    });

    it('a wrong flag exits 2 naming it', () => {
      const format = run(['--format', 'csv']);
      assert.equal(format.status, 2);
      assert.match(String(format.stderr), /--format: expected one of chat, dialog, raw, got "csv"/);
      const since = run(['--since', 'last week']);
      assert.equal(since.status, 2);
      assert.match(String(since.stderr), /--since: expected a sample id or an ISO 8601 time/);
    });
  });
});
