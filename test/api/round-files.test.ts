// The files a round started through the API reads: only under BENCHMARK_DIRS / SEED_DIRS (after `..` and
// symlinks are resolved), regular files only, each within ROUND_FILE_MAX_MB, ROUND_MAX_FILES in all; and
// every numeric setting within its bound. Each refusal is a 400 with its code before any round exists. On
// both backends, with a worker that only takes note.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eachBackend } from '../helpers/db.ts';
import { testConfig } from '../helpers/pipeline.ts';
import { seedRound } from '../export/seed.ts';
import { auth, notingWorkers, testApi, type TestApi } from './helpers.ts';

type Json = Record<string, unknown>;

const MAX_FILES = 40;

describe('files and bounds of a round started through the API', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-round-files-')));
  const bench = path.join(root, 'bench');
  const seeds = path.join(root, 'seeds');
  const outside = path.join(root, 'outside');
  before(() => {
    for (const dir of [bench, seeds, outside, path.join(seeds, 'many'), path.join(seeds, 'small'), path.join(bench, 'nested')]) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(bench, 'ok.jsonl'), `${JSON.stringify({ task_id: 'b/1', prompt: 'Return the sum of two integers given as arguments to the function' })}\n`);
    fs.writeFileSync(path.join(outside, 'secret.jsonl'), `${JSON.stringify({ prompt: 'outside the benchmark directories' })}\n`);
    fs.symlinkSync(path.join(outside, 'secret.jsonl'), path.join(bench, 'escape.jsonl'));
    fs.symlinkSync('/dev/zero', path.join(bench, 'zero.jsonl'));
    // Two MiB of nothing (sparse): over a cap of one MiB without writing it.
    fs.writeFileSync(path.join(bench, 'big.jsonl'), '');
    fs.truncateSync(path.join(bench, 'big.jsonl'), 2 * 1024 * 1024);
    const fifo = spawnSync('mkfifo', [path.join(bench, 'pipe.jsonl')]);
    assert.equal(fifo.status, 0, `mkfifo: ${String(fifo.stderr)}`);
    for (let i = 0; i < MAX_FILES + 5; i++) fs.writeFileSync(path.join(seeds, 'many', `s${i}.py`), `def f${i}():\n    return ${i}\n`);
    fs.writeFileSync(path.join(seeds, 'small', 'a.py'), 'def first_seed():\n    return 1\n');
    fs.symlinkSync(outside, path.join(seeds, 'small-escape'));
    fs.mkdirSync(path.join(seeds, 'linked'));
    fs.symlinkSync(path.join(outside, 'secret.jsonl'), path.join(seeds, 'linked', 'leak.py'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  eachBackend((get) => {
    let api: TestApi;
    let plain: TestApi;
    const call = async (target: TestApi, payload: Json) => {
      const res = await target.app.inject({ method: 'POST', url: '/v1/rounds', headers: auth, payload });
      return { status: res.statusCode, body: res.json() as Json, text: res.body };
    };
    const rounds = async () => (await get().db.query<{ n: number }>('select count(*)::int8 as n from rounds'))[0]?.n;
    /** A 400 with `code` whose message names `shown` and `rule`, and no round created. */
    const refused = async (payload: Json, code: string, shown: string, rule: RegExp, target = api) => {
      const before = await rounds();
      const res = await call(target, payload);
      assert.equal(res.status, 400, res.text);
      const error = res.body.error as { code: string; message: string };
      assert.equal(error.code, code, error.message);
      assert.ok(error.message.includes(`"${shown}"`), `the message names ${shown}: ${error.message}`);
      assert.match(error.message, rule);
      assert.equal(await rounds(), before, 'no round was created');
    };

    before(async () => {
      const { db } = get();
      const config = testConfig({ BENCHMARK_DIRS: bench, SEED_DIRS: seeds, ROUND_FILE_MAX_MB: '1', ROUND_MAX_FILES: String(MAX_FILES) });
      api = await testApi(db, { workers: notingWorkers(), config });
      plain = await testApi(db, { workers: notingWorkers() });
      const seeded = await seedRound(db);
      await api.services.registry.makeCurrent(seeded.checkpointId);
    });
    after(async () => {
      await api?.close();
      await plain?.close();
    });

    it('files outside BENCHMARK_DIRS are refused, written plainly, with .. or through a symlink', async () => {
      const rule = /not under BENCHMARK_DIRS/;
      for (const file of ['/etc/passwd', '/proc/self/environ', '/dev/zero', `${bench}/../outside/secret.jsonl`, '../outside/secret.jsonl', 'nested/../../outside/secret.jsonl']) {
        await refused({ benchmarkFiles: [file] }, 'FLY_ROUND_FILE_FORBIDDEN', file, rule);
      }
      await refused({ benchmarkFiles: ['escape.jsonl'] }, 'FLY_ROUND_FILE_FORBIDDEN', 'escape.jsonl', rule);
      await refused({ benchmarkFiles: ['zero.jsonl'] }, 'FLY_ROUND_FILE_FORBIDDEN', 'zero.jsonl', rule);
    });

    it('inside BENCHMARK_DIRS, a pipe or a directory is not a regular file, and a file over ROUND_FILE_MAX_MB is too large', async () => {
      await refused({ benchmarkFiles: ['pipe.jsonl'] }, 'FLY_ROUND_FILE_NOT_REGULAR', 'pipe.jsonl', /not a regular file/);
      await refused({ benchmarkFiles: ['nested'] }, 'FLY_ROUND_FILE_NOT_REGULAR', 'nested', /not a regular file/);
      await refused({ benchmarkFiles: ['big.jsonl'] }, 'FLY_ROUND_FILE_TOO_LARGE', 'big.jsonl', /larger than ROUND_FILE_MAX_MB \(1 MiB\)/);
      await refused({ benchmarkFiles: ['missing.jsonl'] }, 'FLY_BAD_REQUEST', 'missing.jsonl', /does not exist/);
    });

    it('seed paths: outside SEED_DIRS, a folder past ROUND_MAX_FILES, a symlink out of a folder are refused', async () => {
      await refused({ seedPaths: ['/'] }, 'FLY_ROUND_FILE_FORBIDDEN', '/', /not under SEED_DIRS/);
      await refused({ seedPaths: [outside] }, 'FLY_ROUND_FILE_FORBIDDEN', outside, /not under SEED_DIRS/);
      await refused({ seedPaths: ['small-escape'] }, 'FLY_ROUND_FILE_FORBIDDEN', 'small-escape', /not under SEED_DIRS/);
      await refused({ seedPaths: ['linked'] }, 'FLY_ROUND_FILE_FORBIDDEN', path.join('linked', 'leak.py'), /leads outside SEED_DIRS/);
      await refused({ seedPaths: ['many'] }, 'FLY_ROUND_FILES_TOO_MANY', 'many', new RegExp(`at most ROUND_MAX_FILES \\(${MAX_FILES}\\) files`));
      const tooMany = Array.from({ length: MAX_FILES + 1 }, () => 'ok.jsonl');
      await refused({ benchmarkFiles: tooMany }, 'FLY_ROUND_FILES_TOO_MANY', 'ok.jsonl', /ROUND_MAX_FILES/);
    });

    it('allowed files work: stored as their real paths, the seed folder feeding the snippets', async () => {
      const res = await call(api, { size: 2, benchmarkFiles: ['ok.jsonl'], seedPaths: ['small'], snippetShare: 1, seed: 7 });
      assert.equal(res.status, 202, res.text);
      const settings = res.body.settings as { benchmarkFiles: string[]; seedPaths: string[] };
      assert.deepEqual(settings.benchmarkFiles, [path.join(bench, 'ok.jsonl')]);
      assert.deepEqual(settings.seedPaths, [path.join(seeds, 'small')]);
      const problems = await get().db.query<{ seed: { snippet?: { source: string } } }>('select seed from problems where round_id = $1', [res.body.id]);
      assert.ok(problems.some((p) => p.seed.snippet?.source === `file:${path.join(seeds, 'small', 'a.py')}`), JSON.stringify(problems));
    });

    it('with no directories configured, the shipped bank is where benchmark files may be, and nothing else', async () => {
      const ok = await call(plain, { size: 1, benchmarkFiles: ['benchmark-sample.jsonl'] });
      assert.equal(ok.status, 202, ok.text);
      await refused({ benchmarkFiles: [path.join(bench, 'ok.jsonl')] }, 'FLY_ROUND_FILE_FORBIDDEN', path.join(bench, 'ok.jsonl'), /not under BENCHMARK_DIRS/, plain);
    });

    it('every numeric setting has a bound: beyond it is a 400 naming the field', async () => {
      const cases: [Json, RegExp][] = [
        [{ size: 100_000_000 }, /^body\.size must be <= 100000$/],
        [{ size: 100_001 }, /^body\.size must be <= 100000$/],
        [{ size: 0 }, /^body\.size must be >= 1$/],
        [{ revisionBudget: 21 }, /^body\.revisionBudget must be <= 20$/],
        [{ malformedRetries: 11 }, /^body\.malformedRetries must be <= 10$/],
        [{ dedupThreshold: 0 }, /^body\.dedupThreshold must be > 0$/],
        [{ dedupThreshold: 1.5 }, /^body\.dedupThreshold must be <= 1$/],
        [{ ngram: 101 }, /^body\.ngram must be <= 100$/],
        [{ snippetShare: 1.01 }, /^body\.snippetShare must be <= 1$/],
        [{ seed: 2 ** 31 }, /^body\.seed must be <= 2147483647$/],
        [{ seed: -1 }, /^body\.seed must be >= 0$/],
        [{ benchmarkFiles: ['x'.repeat(4097)] }, /^body\.benchmarkFiles\.0 must NOT have more than 4096 characters$/],
        [{ seedPaths: Array.from({ length: 101 }, () => 'x') }, /^body\.seedPaths must NOT have more than 100 items$/],
      ];
      const before = await rounds();
      for (const [payload, message] of cases) {
        const res = await call(api, payload);
        assert.equal(res.status, 400, `${JSON.stringify(payload).slice(0, 80)}: ${res.text}`);
        assert.deepEqual(res.body, { error: { code: 'FLY_BAD_REQUEST', message: (res.body.error as { message: string }).message } });
        assert.match((res.body.error as { message: string }).message, message);
      }
      assert.equal(await rounds(), before);
    });
  });
});
