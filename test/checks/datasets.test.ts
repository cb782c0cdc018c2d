// Public benchmarks as they are published, through `flywheel verify` unchanged: HumanEval (prompt + completion,
// `check` and `entry_point`), MBPP (`test_list` of top-level asserts), HumanEval-X JavaScript (one program:
// `const f = ...` and tests that `console.assert`), MultiPL-E in Python, PHP (tests without `<?php`), TypeScript and
// JavaScript (scripts with `require('node:assert')`). The fixtures are problems of our own written in those
// layouts, with completions a model could give: correct ones must pass, wrong ones must fail.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { runVerify, type VerifyResult } from '../../src/commands/verify.ts';
import { startChecks, type Harness } from './helpers.ts';

const FIXTURES = path.join(import.meta.dirname, 'datasets', 'fixtures');
type Row = Record<string, unknown>;
const rows = (file: string): Row[] => readFileSync(path.join(FIXTURES, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);

interface Line {
  id: string;
  language: string;
  code: string;
  tests: string;
  entry_point?: string;
  expect: 'pass' | 'fail';
}

/** The verify lines, built as the README's table says, from each dataset's own fields. */
function lines(): Line[] {
  const out: Line[] = [];
  const problems = new Map(rows('humaneval.jsonl').map((p) => [p.task_id, p]));
  rows('humaneval-samples.jsonl').forEach((s, i) => {
    const p = problems.get(s.task_id) as Row;
    out.push({ id: `humaneval/${i}`, language: 'python', code: `${p.prompt as string}${s.completion as string}`, tests: p.test as string, entry_point: p.entry_point as string, expect: s.expect as 'pass' | 'fail' });
  });
  for (const p of rows('mbpp.jsonl')) {
    out.push({ id: `mbpp/${String(p.task_id)}`, language: 'python', code: p.code as string, tests: [p.test_setup_code as string, ...(p.test_list as string[])].join('\n'), expect: p.expect as 'pass' | 'fail' });
  }
  const jsProblems = new Map(rows('humaneval-x-js.jsonl').map((p) => [p.task_id, p]));
  rows('humaneval-x-js-samples.jsonl').forEach((s, i) => {
    const p = jsProblems.get(s.task_id) as Row;
    out.push({ id: `humaneval-x/${i}`, language: 'javascript', code: `${p.prompt as string}${s.generation as string}`, tests: p.test as string, expect: s.expect as 'pass' | 'fail' });
  });
  const languages: Record<string, string> = { py: 'python', php: 'php', ts: 'typescript', js: 'javascript' };
  for (const p of rows('multipl-e.jsonl')) {
    (p.completions as [string, 'pass' | 'fail'][]).forEach(([completion, expect], i) => {
      out.push({ id: `multipl-e/${p.language as string}/${i}`, language: languages[p.language as string] as string, code: `${p.prompt as string}${completion}`, tests: p.tests as string, expect });
    });
  }
  return out;
}

let checks: Harness;
let dir: string;
let results: Map<string, VerifyResult>;
const all = lines();

before(async () => {
  checks = await startChecks();
  dir = mkdtempSync(path.join(os.tmpdir(), 'flywheel-datasets-'));
  const input = path.join(dir, 'in.jsonl');
  writeFileSync(input, all.map((l) => JSON.stringify(l)).join('\n'));
  const out = path.join(dir, 'out.jsonl');
  await runVerify({ input, out, config: checks.config, log: checks.log, checker: checks.checker, progress: new PassThrough() });
  results = new Map(readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as VerifyResult).map((r) => [r.id as string, r]));
});

after(async () => {
  await checks?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function show(r: VerifyResult | undefined): string {
  return JSON.stringify({ status: r?.status, stage: r?.stage, cases: r?.tests.cases, errors: r?.diagnostics.filter((d) => d.severity === 'error'), stderr: r?.stderr.slice(-400) }, null, 1);
}

describe('published layouts verify unchanged', () => {
  for (const line of all) {
    it(`${line.id}: a ${line.expect === 'pass' ? 'correct' : 'wrong'} ${line.language} completion ${line.expect === 'pass' ? 'passes' : 'fails'}`, () => {
      const r = results.get(line.id);
      assert.equal(r?.status, line.expect, show(r));
    });
  }

  it('HumanEval: the call check(entry_point) is appended, and the whole file is one case', () => {
    const r = results.get('humaneval/0');
    assert.deepEqual(r?.tests.cases.map((c) => [c.name, c.status]), [['<module>', 'pass']], show(r));
  });

  it('HumanEval: a completion that repeats the prompt\'s function is a warning, not a failure', () => {
    const r = results.get('humaneval/1');
    assert.equal(r?.status, 'pass', show(r));
    assert.ok(r?.diagnostics.some((d) => d.rule === 'pyflakes:RedefinedWhileUnused' && d.severity === 'warning'), show(r));
  });

  it('HumanEval: an undefined name in a branch no test reaches is a defect the lint names', () => {
    const r = results.get('humaneval/7');
    assert.equal(r?.stage, 'lint', show(r));
    assert.ok(r?.diagnostics.some((d) => d.rule === 'pyflakes:UndefinedName'), show(r));
  });

  it('HumanEval-X: a failed console.assert fails its case, named after the test function', () => {
    const r = results.get('humaneval-x/1');
    const failing = r?.tests.cases.find((c) => c.name === 'testBelowZero');
    assert.equal(failing?.status, 'fail', show(r));
    assert.match(failing?.message ?? '', /console\.assert failed at tests\.js:\d+/);
  });

  it('MultiPL-E: PHP tests without <?php run, and a wrong answer fails the test function', () => {
    const r = results.get('multipl-e/php/1');
    assert.equal(r?.stage, 'test', show(r));
    assert.ok(r?.tests.cases.some((c) => c.name === 'test' && c.status === 'error' && /Test failed!/.test(c.message)), show(r));
  });
});
