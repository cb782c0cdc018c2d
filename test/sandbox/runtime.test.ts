// Which runtime SANDBOX_RUNTIME comes to, against what the engine lists (no containers started here; the suites
// under both runtimes are in hostile, traces and the checks' adversarial suite).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Docker from 'dockerode';
import { isFlywheelError } from '../../src/errors.ts';
import type { Logger } from '../../src/log.ts';
import { chooseRuntime, resolveRuntime } from '../../src/sandbox/runtime.ts';

const engine = (runtimes: string[]): Docker => ({ info: async () => ({ Runtimes: Object.fromEntries(runtimes.map((r) => [r, {}])) }) }) as unknown as Docker;

function recordingLog(): { log: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const log = { warn: (msg: string) => warnings.push(msg), info: () => undefined, child: () => log } as unknown as Logger;
  return { log, warnings };
}

test('auto takes runsc where Docker lists it, and runc where it does not', () => {
  assert.deepEqual(chooseRuntime('auto', ['runc', 'runsc']), { runtime: 'runsc', reason: 'SANDBOX_RUNTIME=auto: gVisor is registered', fallback: false });
  assert.equal(chooseRuntime('auto', ['io.containerd.runc.v2', 'runc']).runtime, 'runc');
  assert.equal(chooseRuntime('auto', ['runc']).fallback, true);
});

test('a named runtime is used as named, and one Docker does not list is an error naming the fix', () => {
  assert.equal(chooseRuntime('runc', ['runc', 'runsc']).runtime, 'runc');
  assert.equal(chooseRuntime('runsc', ['runc', 'runsc']).runtime, 'runsc');
  assert.throws(() => chooseRuntime('runsc', ['runc']), (err) => isFlywheelError(err, 'FLY_SANDBOX_RUNTIME_MISSING') && /bash scripts\/setup\.sh/.test(err.message));
  assert.throws(() => chooseRuntime('kata', ['runc', 'runsc']), (err) => isFlywheelError(err, 'FLY_SANDBOX_RUNTIME_MISSING') && /kata/.test(err.message));
});

test('falling back to runc says so in exactly one warning line with the fix; finding gVisor says nothing', async () => {
  const without = recordingLog();
  assert.equal((await resolveRuntime(engine(['runc']), 'auto', without.log)).runtime, 'runc');
  assert.equal(without.warnings.length, 1);
  assert.match(without.warnings[0] ?? '', /^gVisor \(runsc\) is not registered with Docker: .*runc.*`bash scripts\/setup\.sh`/);
  assert.doesNotMatch(without.warnings[0] ?? '', /\n/);
  const withIt = recordingLog();
  assert.equal((await resolveRuntime(engine(['runc', 'runsc']), 'auto', withIt.log)).runtime, 'runsc');
  assert.deepEqual(withIt.warnings, []);
});
