// The Node harness at run time, through the checker and the real node image: what a sample could do past the
// host's static gate is refused (files of /proc however named, signals, the uncaught-error hooks, Node's modules
// and globals), honest code that uses Node's modules still passes, and what a test returns, or checks it never
// ran, are not a pass.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Verdict } from '../../src/checks/index.ts';
import { startChecks, type Harness } from './helpers.ts';

const DIR = path.join(import.meta.dirname, 'node-harness', 'fixtures');
const read = (name: string): string => readFileSync(path.join(DIR, name), 'utf8');

const SAMPLES = {
  probe: { language: 'javascript', code: read('probe.solution.js'), tests: read('probe.tests.js') },
  honest: { language: 'javascript', code: read('honest.solution.js'), tests: read('honest.tests.js') },
  returns: { language: 'typescript', code: read('returns.solution.ts'), tests: read('returns.tests.ts') },
} as const;

let checks: Harness;
const verdicts = new Map<string, Verdict>();

before(async () => {
  checks = await startChecks();
  const names = Object.keys(SAMPLES) as (keyof typeof SAMPLES)[];
  const results = await checks.checker.checkMany(names.map((name) => SAMPLES[name]));
  names.forEach((name, i) => verdicts.set(name, results[i] as Verdict));
});

after(async () => {
  await checks?.close();
});

function show(v: Verdict | undefined): string {
  return JSON.stringify({ status: v?.status, stage: v?.stage, diagnostics: v?.diagnostics.filter((d) => d.severity === 'error'), cases: v?.tests.cases, stderr: v?.stderr.slice(-1500) }, null, 1);
}

describe('the node harness at run time', () => {
  it('refuses, past the static gate, /proc by any path, signals, the error hooks, other files and patches of Node\'s modules and globals', () => {
    const v = verdicts.get('probe');
    assert.equal(v?.status, 'pass', show(v));
    assert.deepEqual(v?.tests.cases.map((c) => [c.name, c.status]), [['test_refused', 'pass']], show(v));
  });

  it('passes honest code using events, streams, promisify, timers, crypto, files of its work dir, URLs, Buffers and generators', () => {
    const v = verdicts.get('honest');
    assert.equal(v?.status, 'pass', show(v));
    assert.equal(v?.tests.cases.length, 10, show(v));
  });

  it('judges what a test returns, and fails a test whose checks never ran', () => {
    const v = verdicts.get('returns');
    assert.equal(v?.status, 'fail', show(v));
    const outcome = Object.fromEntries(v?.tests.cases.map((c) => [c.name, [c.status, c.message]]) ?? []);
    const status = Object.fromEntries(Object.entries(outcome).map(([name, [s]]) => [name, s]));
    assert.deepEqual(status, {
      test_returns_undefined: 'pass',
      test_returns_data: 'pass',
      test_returns_a_promise: 'pass',
      test_async: 'pass',
      test_returns_false: 'fail',
      test_returns_a_function: 'error',
      test_returns_a_thenable: 'error',
      test_resolves_to_a_function: 'error',
      test_check_never_runs: 'fail',
      test_throw_style: 'pass',
    }, show(v));
    assert.match(outcome.test_returns_a_function?.[1] ?? '', /returned a function/);
    assert.match(outcome.test_returns_a_thenable?.[1] ?? '', /thenable that is not a Promise/);
    assert.match(outcome.test_check_never_runs?.[1] ?? '', /ran none of its checks/);
  });
});
