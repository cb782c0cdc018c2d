// Per-job limits and job checks, and how createSandbox fails when it cannot work: no engine, no such image.
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Docker from 'dockerode';
import { isFlywheelError } from '../../src/errors.ts';
import { createSandbox } from '../../src/sandbox/index.ts';
import { checkJob, defaultLimits, resolveLimits } from '../../src/sandbox/limits.ts';
import { requireDocker } from '../helpers/docker.ts';
import { testConfig, testLogger } from './fixtures.ts';

const config = testConfig({ SANDBOX_TIMEOUT_MS: '7000', SANDBOX_MEMORY_MB: '512', SANDBOX_PIDS: '256', SANDBOX_TMPFS_MB: '128', SANDBOX_OUTPUT_BYTES: '65536' });

test('default limits come from config, leaving the runner room inside the container', () => {
  assert.deepEqual(defaultLimits(config), { timeoutMs: 7000, memoryMb: 448, outputBytes: 65536, pids: 240, diskMb: 120 });
});

test('a job may lower its limits but never raise them past the container', () => {
  assert.deepEqual(resolveLimits(config, { timeoutMs: 500, pids: 8 }), { timeoutMs: 500, memoryMb: 448, outputBytes: 65536, pids: 8, diskMb: 120 });
  assert.deepEqual(resolveLimits(config, { memoryMb: 100000, pids: 100000, diskMb: 100000 }), { timeoutMs: 7000, memoryMb: 512, outputBytes: 65536, pids: 240, diskMb: 128 });
  for (const bad of [{ timeoutMs: 0 }, { memoryMb: -1 }, { pids: 1.5 }, { diskMb: Number.NaN }]) {
    assert.throws(() => resolveLimits(config, bad), (err) => isFlywheelError(err, 'FLY_BAD_REQUEST'));
  }
});

test('a job whose paths would leave the work directory, or with no command, is rejected', () => {
  const ok = { image: 'python', files: { 'a.py': '', 'pkg/b.py': '' }, command: ['python3', 'a.py'], collect: ['out/x.txt'] };
  checkJob(ok);
  for (const path of ['../a', '/etc/a', 'a/../../b', 'a//b', './a', '', 'a\0b']) {
    assert.throws(() => checkJob({ ...ok, files: { [path]: '' } }), (err) => isFlywheelError(err, 'FLY_BAD_REQUEST'), path);
    assert.throws(() => checkJob({ ...ok, collect: [path] }), (err) => isFlywheelError(err, 'FLY_BAD_REQUEST'), path);
  }
  assert.throws(() => checkJob({ ...ok, command: [] }), (err) => isFlywheelError(err, 'FLY_BAD_REQUEST'));
});

test('createSandbox fails as unavailable when the engine does not answer', async () => {
  const docker = new Docker({ socketPath: path.join(os.tmpdir(), `no-engine-${process.pid}.sock`) });
  await assert.rejects(createSandbox({ config, log: testLogger(), docker, images: ['python'] }), (err) => isFlywheelError(err, 'FLY_SANDBOX_UNAVAILABLE'));
});

test('createSandbox fails as image missing for an image it does not know', async () => {
  await requireDocker();
  const listeners = process.listenerCount('SIGINT');
  await assert.rejects(createSandbox({ config, log: testLogger(), images: ['cobol'] }), (err) => isFlywheelError(err, 'FLY_SANDBOX_IMAGE_MISSING'));
  assert.equal(process.listenerCount('SIGINT'), listeners, 'a failed start leaves no signal handler behind');
});
