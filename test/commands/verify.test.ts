// `flywheel verify`: JSONL in, one result line per input line out, in input order, with malformed lines
// answered rather than fatal. Real checker, real sandbox.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { runVerify, runVerifyCommand, type VerifyResult } from '../../src/commands/verify.ts';
import { isFlywheelError } from '../../src/errors.ts';
import { startChecks, type Harness } from '../checks/helpers.ts';

const py = { code: 'def add(a, b):\n    return a + b\n', tests: 'def test_add():\n    assert add(1, 2) == 3\n' };
const lines = [
  JSON.stringify({ id: 'a', language: 'python', ...py }),
  '{"id": "b", "language": ',
  '',
  JSON.stringify({ id: 'c', language: 'python', code: py.code }),
  JSON.stringify({ id: 'd', language: 'cobol', ...py }),
  JSON.stringify({ id: 'e', language: 'php', code: '<?php\nfunction add($a, $b) { while (true) {} }\n', tests: '<?php\nfunction test_add(): void { assert(add(1, 2) === 3); }\n' }),
  JSON.stringify({ id: 'f', language: 'typescript', code: 'export function add(a: number, b: number): number {\n  return a + b;\n}\n', tests: "import assert from 'node:assert/strict';\nfunction test_add(): void {\n  assert.equal(add(1, 2), 3);\n}\n" }),
  '[1, 2]',
  JSON.stringify({ id: 'g', language: 'python', code: 5, tests: 'x' }),
  JSON.stringify({ id: 'h', language: 'javascript', code: 'export function add(a, b) {\n  return a - b;\n}\n', tests: "import assert from 'node:assert/strict';\nfunction test_add() {\n  assert.equal(add(1, 2), 3);\n}\n" }),
  JSON.stringify({ id: 'i', language: 'python', code: 'def add(a, b)\n    return a + b\n', tests: py.tests }),
];
const expected = [
  ['a', 1, 'pass', null],
  [null, 2, 'error', null],
  ['c', 4, 'error', null],
  ['d', 5, 'error', null],
  ['e', 6, 'fail', 'test'],
  ['f', 7, 'pass', null],
  [null, 8, 'error', null],
  ['g', 9, 'error', null],
  ['h', 10, 'fail', 'test'],
  ['i', 11, 'fail', 'parse'],
];

let checks: Harness;
let dir: string;

before(async () => {
  checks = await startChecks();
  dir = mkdtempSync(path.join(os.tmpdir(), 'flywheel-verify-'));
});

after(async () => {
  await checks?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function parseOutput(text: string): VerifyResult[] {
  return text.trimEnd().split('\n').map((l) => JSON.parse(l) as VerifyResult);
}

describe('runVerify', () => {
  it('answers every line in input order, malformed ones with an error naming the problem', async () => {
    const input = path.join(dir, 'in.jsonl');
    const out = path.join(dir, 'out.jsonl');
    writeFileSync(input, `${lines.join('\n')}\n`);
    const progress = new PassThrough();
    let progressText = '';
    progress.on('data', (chunk: Buffer) => (progressText += chunk.toString()));
    // A small window: the slow PHP line (an endless loop) must not let later, faster lines jump the queue.
    const summary = await runVerify({ input, out, concurrency: 3, config: checks.config, log: checks.log, checker: checks.checker, progress });

    const results = parseOutput(readFileSync(out, 'utf8'));
    assert.deepEqual(results.map((r) => [r.id, r.line, r.status, r.stage]), expected);
    assert.deepEqual(summary.lines, 10);
    assert.deepEqual([summary.pass, summary.fail, summary.error], [2, 3, 5]);
    assert.match(progressText, /verify: 10\/10 answered \(pass 2, fail 3, error 5\).*done/);

    const byId = (id: string | null, line: number): VerifyResult => results.find((r) => r.id === id && r.line === line) as VerifyResult;
    assert.match(byId(null, 2).diagnostics[0]?.message ?? '', /^line 2: not JSON/);
    assert.match(byId('c', 4).diagnostics[0]?.message ?? '', /^line 4: missing field tests$/);
    assert.match(byId('d', 5).diagnostics[0]?.message ?? '', /unknown language "cobol"/);
    assert.match(byId(null, 8).diagnostics[0]?.message ?? '', /not a JSON object/);
    assert.match(byId('g', 9).diagnostics[0]?.message ?? '', /field code must be strings?/);
    assert.equal(byId('e', 6).limit, 'timeout');
    assert.deepEqual(byId('h', 10).tests.cases.map((c) => [c.name, c.status]), [['test_add', 'fail']]);
    assert.equal(byId('i', 11).diagnostics[0]?.line, 1);
  });

  it('reads stdin with "-" and writes stdout', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    stdin.end(`${lines[0]}\n${lines[10]}\n`);
    const summary = await runVerify({ input: '-', stdin, stdout, config: checks.config, log: checks.log, checker: checks.checker, progress: new PassThrough() });
    assert.deepEqual(parseOutput(text).map((r) => [r.id, r.status]), [['a', 'pass'], ['i', 'fail']]);
    assert.equal(summary.lines, 2);
  });
});

describe('runVerifyCommand', () => {
  it('refuses to start without --jsonl, or with a file it cannot read', async () => {
    await assert.rejects(runVerifyCommand({ config: checks.config, log: checks.log, values: {} }), (err) => isFlywheelError(err, 'FLY_USAGE') && /--jsonl FILE is required/.test(err.message));
    await assert.rejects(runVerifyCommand({ config: checks.config, log: checks.log, values: { jsonl: path.join(dir, 'missing.jsonl') } }), (err) => isFlywheelError(err, 'FLY_USAGE') && /cannot read/.test(err.message));
    await assert.rejects(runVerifyCommand({ config: checks.config, log: checks.log, values: { jsonl: 'x', concurrency: '0' } }), (err) => isFlywheelError(err, 'FLY_USAGE'));
  });
});

describe('when the sandbox is gone', () => {
  it('answers error, not fail, and still answers every line', async () => {
    await checks.sandbox.close();
    const verdict = await checks.checker.check({ language: 'python', ...py });
    assert.equal(verdict.status, 'error');
    assert.equal(verdict.stage, 'lint');
    assert.match(verdict.diagnostics[0]?.message ?? '', /sandbox failure during lint: FLY_SANDBOX_UNAVAILABLE/);
    // A syntax error needs no sandbox: it still fails at parse.
    assert.equal((await checks.checker.check({ language: 'python', code: 'def f(:\n', tests: py.tests })).status, 'fail');

    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    stdin.end(`${lines[0]}\n${lines[6]}\n`);
    await runVerify({ input: '-', stdin, stdout, config: checks.config, log: checks.log, checker: checks.checker, progress: new PassThrough() });
    assert.deepEqual(parseOutput(text).map((r) => [r.id, r.status]), [['a', 'error'], ['f', 'error']]);
  });
});
