// The resident linter of the node image, run on the host with the project's TypeScript and ESLint and driven
// over stdin/stdout as the in-container runner drives it: one request line in, one answer line out.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { errorRules } from '../../src/languages/lint-rules.ts';

const SERVER = path.join(import.meta.dirname, '../../sandbox-images/node/harness/lint-server.mjs');

interface LintRecord {
  ev: 'finding' | 'lint' | 'crash' | 'done';
  file?: string;
  line?: number;
  column?: number;
  tool?: string;
  rule?: string;
  message?: string;
  gated?: boolean;
  timedOut?: boolean;
}

interface Sample {
  language: 'typescript' | 'javascript';
  solution: string;
  tests: string;
  scripts?: { solution: boolean; tests: boolean };
  solutionGlobals?: string[];
}

/** The request line the runner would send for this sample. */
function request(sample: Sample): string {
  const ext = sample.language === 'typescript' ? 'ts' : 'js';
  const { solution, tests, ...rest } = sample;
  const job = { ...rest, solution: `solution.${ext}`, tests: `tests.${ext}`, errorRules: errorRules(sample.language) };
  return JSON.stringify({
    args: ['flywheel-job.json'],
    files: { 'flywheel-job.json': JSON.stringify(job), [job.solution]: solution, [job.tests]: tests },
  });
}

interface Server {
  ready: unknown;
  /** Sends a line, resolves with the answer's records and how long the answer took. */
  ask(line: string): Promise<{ records: LintRecord[]; ms: number }>;
  close(): Promise<void>;
}

async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [SERVER], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<unknown> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`the server exited; its stderr:\n${stderr}`);
    // Every line on stdout is protocol: anything else fails to parse here.
    return JSON.parse(value as string) as unknown;
  };
  const ready = await nextLine();
  return {
    ready,
    async ask(line) {
      const started = performance.now();
      child.stdin.write(`${line}\n`);
      const answer = (await nextLine()) as { records: LintRecord[] };
      return { records: answer.records, ms: performance.now() - started };
    },
    async close() {
      child.stdin.end();
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

let server: Server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.close();
});

async function lint(sample: Sample): Promise<{ findings: LintRecord[]; gated: boolean | undefined; records: LintRecord[] }> {
  const { records } = await server.ask(request(sample));
  assert.deepEqual(records.at(-1), { ev: 'done', timedOut: false });
  assert.equal(records.at(-2)?.ev, 'lint', JSON.stringify(records));
  return { findings: records.filter((r) => r.ev === 'finding'), gated: records.at(-2)?.gated, records };
}

const errorsOf = (findings: LintRecord[], language: Sample['language']) =>
  findings.filter((f) => errorRules(language).some((r) => (r.endsWith('*') ? `${f.tool}:${f.rule}`.startsWith(r.slice(0, -1)) : `${f.tool}:${f.rule}` === r)));

const TS_TESTS = "import assert from 'node:assert/strict';\nimport { add } from './solution.js';\n\nfunction test_add(): void {\n  assert.equal(add(1, 2), 3);\n}\n\ntest_add();\n";

describe('lint-server', () => {
  it('says {"ready":true} once loaded and warmed up', () => {
    assert.deepEqual(server.ready, { ready: true });
  });

  it('finds no error in a correct TypeScript sample and does not gate it', async () => {
    const { findings, gated } = await lint({ language: 'typescript', solution: 'export function add(a: number, b: number): number {\n  return a + b;\n}\n', tests: TS_TESTS });
    assert.deepEqual(errorsOf(findings, 'typescript'), []);
    assert.equal(gated, false);
  });

  it('reports an undefined name as tsc TS2304 or TS2552 and gates the sample', async () => {
    const { findings, gated } = await lint({ language: 'typescript', solution: 'export function add(a: number, b: number): number {\n  return a + c;\n}\n', tests: TS_TESTS });
    const found = findings.find((f) => f.tool === 'tsc' && (f.rule === 'TS2304' || f.rule === 'TS2552'));
    assert.ok(found, JSON.stringify(findings));
    assert.deepEqual([found.file, found.line, found.column], ['solution.ts', 2, 14]);
    assert.equal(gated, true);
  });

  it('reports an implicit-any parameter only as tsc-strict, which does not gate', async () => {
    const { findings, gated } = await lint({ language: 'typescript', solution: 'export function add(a, b: number): number {\n  return a + b;\n}\n', tests: TS_TESTS });
    const tsc = findings.filter((f) => f.tool === 'tsc' || f.tool === 'tsc-strict');
    assert.deepEqual(tsc.map((f) => [f.tool, f.rule, f.line, f.column]), [['tsc-strict', 'TS7006', 1, 21]]);
    assert.equal(gated, false);
  });

  it('passes a MultiPL-E TypeScript program: script solution, tests that require node:assert', async () => {
    const solution = [
      'function has_close_elements(numbers: number[], threshold: number): boolean {',
      '  for (let i = 0; i < numbers.length; i++) {',
      '    for (let j = i + 1; j < numbers.length; j++) {',
      '      if (Math.abs(numbers[i] - numbers[j]) < threshold) return true;',
      '    }',
      '  }',
      '  return false;',
      '}',
      '',
    ].join('\n');
    const tests = [
      'declare var require: any;',
      "const assert = require('node:assert');",
      'function test() {',
      '  let candidate = has_close_elements;',
      '  assert.deepEqual(candidate([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3), true);',
      '  assert.deepEqual(candidate([1.0, 2.0, 5.9, 4.0, 5.0], 0.95), true);',
      '}',
      '',
      'test();',
      '',
    ].join('\n');
    const { findings, gated } = await lint({ language: 'typescript', solution, tests, solutionGlobals: ['has_close_elements'] });
    assert.deepEqual(errorsOf(findings, 'typescript'), []);
    assert.equal(findings.some((f) => f.tool === 'tsc' || f.tool === 'tsc-strict'), false, JSON.stringify(findings));
    assert.equal(gated, false);
  });

  it("lets a HumanEval-X JavaScript pair use the solution's globals without no-undef or no-unused-vars", async () => {
    const solution = 'const hasCloseElements = (numbers, threshold) => {\n  for (let i = 0; i < numbers.length; i++)\n    for (let j = i + 1; j < numbers.length; j++)\n      if (Math.abs(numbers[i] - numbers[j]) < threshold) return true;\n  return false;\n};\n';
    const tests = 'const testHasCloseElements = () => {\n  console.assert(hasCloseElements([1.0, 2.0], 0.5) === false)\n}\ntestHasCloseElements()\n';
    const { findings, gated } = await lint({ language: 'javascript', solution, tests, solutionGlobals: ['hasCloseElements'] });
    assert.deepEqual(findings, []);
    assert.equal(gated, false);
  });

  it('ignores eslint-disable and /* global */: an undefined name is still no-undef', async () => {
    const { findings, gated } = await lint({
      language: 'javascript',
      solution: '/* eslint-disable */\n/* global missing */\nconst f = () => missing; // eslint-disable-line\n',
      tests: 'f();\n',
      solutionGlobals: ['f'],
    });
    assert.deepEqual(findings.map((f) => [f.file, f.rule, f.line]), [['solution.js', 'no-undef', 3]]);
    assert.equal(gated, true);
  });

  it('ignores @ts-nocheck and @ts-ignore: the type errors are still reported', async () => {
    const { findings, gated } = await lint({
      language: 'typescript',
      solution: "// @ts-nocheck\nexport const n: number = 'one';\n",
      tests: "import { n } from './solution';\n// @ts-ignore\nexport const s: string = n;\n",
    });
    const tsc = findings.filter((f) => f.tool === 'tsc').map((f) => [f.file, f.rule, f.line]);
    assert.deepEqual(tsc, [['solution.ts', 'TS2322', 2], ['tests.ts', 'TS2322', 3]]);
    assert.equal(gated, true);
  });

  it('resolves no module outside the sample: ../other/solution and /etc/passwd are not found and nothing of them shows', async () => {
    const { findings, gated } = await lint({
      language: 'typescript',
      solution: 'export const x = 1;\n',
      tests: "import { x } from '../other/solution';\nimport passwd from '/etc/passwd';\nconsole.log(x, passwd);\n",
    });
    const tsc = findings.filter((f) => f.tool === 'tsc');
    assert.deepEqual(tsc.map((f) => [f.file, f.rule, f.line]), [['tests.ts', 'TS2307', 1], ['tests.ts', 'TS2307', 2]]);
    assert.equal(findings.some((f) => /root:|nologin/.test(f.message ?? '')), false);
    assert.equal(gated, true);
  });

  it('answers a malformed request line with a crash record and answers the next request', async () => {
    const { records } = await server.ask('{"args": ["flywheel-job.json"], "files": ');
    assert.deepEqual(records.map((r) => r.ev), ['crash', 'done']);
    assert.match(records[0]?.message ?? '', /JSON/);
    const next = await lint({ language: 'typescript', solution: 'export function add(a: number, b: number): number {\n  return a + b;\n}\n', tests: TS_TESTS });
    assert.equal(next.gated, false);
  });

  it('caps the findings at 200 but gates on all of them', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `u${i}`);
    const { findings, gated } = await lint({ language: 'javascript', solution: `const all = () => [${names.join(', ')}];\n`, tests: 'all();\n', solutionGlobals: ['all'] });
    assert.equal(findings.length, 200);
    assert.equal(gated, true);
  });

  it('fails a template literal type doubled past V8\'s longest string as too deep, and answers the next request', async () => {
    const types = ["type S0 = 'abcdefgh';", ...Array.from({ length: 28 }, (_, i) => `type S${i + 1} = \`\${S${i}}\${S${i}}\`;`)];
    const solution = `${types.join('\n')}\nexport const banner: S28 = 'x' as S28;\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n`;
    const { findings, gated } = await lint({ language: 'typescript', solution, tests: TS_TESTS });
    assert.deepEqual(findings.map((f) => [f.tool, f.rule]), [['flywheel', 'too-deep']]);
    assert.match(findings[0]?.message ?? '', /too large/);
    assert.equal(gated, true);
    const next = await lint({ language: 'typescript', solution: 'export function add(a: number, b: number): number {\n  return a + b;\n}\n', tests: TS_TESTS });
    assert.equal(next.gated, false);
  });

  it('ends a request that outlasts its time limit with a too-deep finding that gates, and serves the next one warm', async () => {
    // The limit counts from the request, once the server is ready: its warm-up is not held to it.
    const limited = await startServer({ FLYWHEEL_LINT_REQUEST_MS: '300' });
    try {
      const body = Array.from({ length: 500 }, (_, i) => `export function f${i}(a: number, b: number): number {\n  const x: Array<Record<string, number>> = [{ k: a }];\n  return x.map((r) => r.k + b).reduce((s, v) => s + v, 0);\n}\n`).join('');
      const slow = await limited.ask(request({ language: 'typescript', solution: body, tests: "import { f0 } from './solution';\nf0(1, 2);\n" }));
      assert.deepEqual(slow.records.map((r) => [r.ev, r.rule ?? r.gated ?? null]), [['finding', 'too-deep'], ['lint', true], ['done', null]]);
      assert.match(slow.records[0]?.message ?? '', /did not finish this sample within 300 ms/);
      const next = await limited.ask(request({ language: 'javascript', solution: 'const add = (a, b) => a + b;\n', tests: 'console.assert(add(1, 2) === 3);\n', solutionGlobals: ['add'] }));
      assert.deepEqual(next.records.map((r) => r.ev), ['lint', 'done']);
    } finally {
      await limited.close();
    }
  });

  it('measures a warm request (logged, not asserted)', async (t) => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    const ts = { language: 'typescript', solution: 'export function add(a, b: number): number {\n  return a + b;\n}\n', tests: TS_TESTS } as const;
    const js = { language: 'javascript', solution: 'const add = (a, b) => a + b;\n', tests: 'const test = () => { console.assert(add(1, 2) === 3); };\ntest();\n', solutionGlobals: ['add'] } as const;
    const times = { ts: [] as number[], js: [] as number[] };
    for (let i = 0; i < 10; i++) {
      times.ts.push((await server.ask(request(ts))).ms);
      times.js.push((await server.ask(request({ ...js, solutionGlobals: [...js.solutionGlobals] }))).ms);
    }
    t.diagnostic(`warm request, median of 10: TypeScript (strict and non-strict passes) ${median(times.ts).toFixed(1)} ms, JavaScript ${median(times.js).toFixed(1)} ms`);
  });
});
