// The caps on the files a round reads that hold on the command line too, where the operator may name any
// path: regular files only, within the size cap, and directory listings that stop at the file count.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isFlywheelError } from '../../src/errors.ts';
import { checkRoundFiles, cliInputRules, readLines } from '../../src/pipeline/inputs.ts';
import { loadBenchmarks } from '../../src/pipeline/seeds.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-inputs-')));
const rules = cliInputRules({ roundFileMaxMb: 1, roundMaxFiles: 50 });
const refusedWith = (code: string, shown?: string) => (err: unknown) =>
  isFlywheelError(err) && err.code === code && (shown === undefined || err.message.includes(`"${shown}"`));

function flywheel(args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/flywheel.js'), ...args], {
    cwd: dir, env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', FLYWHEEL_DATA_DIR: path.join(dir, 'data') }, encoding: 'utf8', timeout: 60_000,
  });
  return { code: result.status, stderr: result.stderr };
}

describe('round files named by the operator', () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('devices, /proc files, pipes and directories are not regular files', async () => {
    const fifo = path.join(dir, 'pipe.jsonl');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    for (const file of ['/dev/zero', '/proc/self/environ', fifo, dir]) {
      await assert.rejects(checkRoundFiles({ benchmarkFiles: [file], seedPaths: [] }, rules), refusedWith('FLY_ROUND_FILE_NOT_REGULAR', file), file);
    }
    await assert.rejects(checkRoundFiles({ benchmarkFiles: [], seedPaths: ['/proc/self'] }, rules), refusedWith('FLY_ROUND_FILE_NOT_REGULAR', '/proc/self'));
    // Read directly, as a worker does with the stored paths: still refused, and the pipe's open does not block.
    await assert.rejects(loadBenchmarks([fifo], 10, rules), refusedWith('FLY_ROUND_FILE_NOT_REGULAR'));
    await assert.rejects(loadBenchmarks(['/proc/self/environ'], 10, rules), refusedWith('FLY_ROUND_FILE_NOT_REGULAR'));
  });

  it('a file over the size cap is refused when checked and when read', async () => {
    const big = path.join(dir, 'big.jsonl');
    fs.writeFileSync(big, `${JSON.stringify({ prompt: 'x'.repeat(1024) })}\n`.repeat(1100));
    await assert.rejects(checkRoundFiles({ benchmarkFiles: [big], seedPaths: [] }, rules), refusedWith('FLY_ROUND_FILE_TOO_LARGE', big));
    await assert.rejects(async () => {
      for await (const line of readLines('benchmark file', big, rules)) void line;
    }, refusedWith('FLY_ROUND_FILE_TOO_LARGE'));
  });

  it('relative paths are the working directory\'s, returned as real paths', async () => {
    fs.writeFileSync(path.join(dir, 'ok.jsonl'), `${JSON.stringify({ prompt: 'add two numbers' })}\n`);
    fs.symlinkSync(path.join(dir, 'ok.jsonl'), path.join(dir, 'alias.jsonl'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const checked = await checkRoundFiles({ benchmarkFiles: ['alias.jsonl'], seedPaths: [] }, rules);
      assert.deepEqual(checked.benchmarkFiles, [path.join(dir, 'ok.jsonl')]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('listing a huge tree stops at the file count instead of walking it all', async () => {
    await assert.rejects(checkRoundFiles({ benchmarkFiles: [], seedPaths: ['/usr'] }, rules), refusedWith('FLY_ROUND_FILES_TOO_MANY', '/usr'));
  });

  it('flywheel run refuses such files and oversized rounds before anything starts', () => {
    const zero = flywheel(['run', '--benchmark', '/dev/zero']);
    assert.equal(zero.code, 1, zero.stderr);
    assert.match(zero.stderr, /FLY_ROUND_FILE_NOT_REGULAR: benchmark file "\/dev\/zero" is not a regular file/);
    const huge = flywheel(['run', '--size', '100000000']);
    assert.equal(huge.code, 1, huge.stderr);
    assert.match(huge.stderr, /size must be a whole number in 1\.\.100000/);
    const workers = flywheel(['run', '--concurrency', '100000']);
    assert.equal(workers.code, 2, workers.stderr);
    assert.match(workers.stderr, /--concurrency: expected a whole number in 1\.\.1024/);
  });
});
