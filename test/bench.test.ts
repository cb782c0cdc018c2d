import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';

const root = path.resolve(import.meta.dirname, '..');

/** bench/run.ts as `npm run bench` runs it; these cases end before any benchmark starts. */
function runner(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'bench/run.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }));
  });
}

type Ran = Awaited<ReturnType<typeof runner>>;

describe('bench/run.ts', () => {
  // Both started at once: each is mostly npx and tsx starting up.
  let help: Promise<Ran>;
  let unknown: Promise<Ran>;
  before(() => {
    help = runner(['--help']);
    unknown = runner(['--only', 'llm,no-such-bench']);
  });

  it('--help lists every benchmark of bench/ with the first line of its comment, and exits 0', async () => {
    const { code, stdout } = await help;
    assert.equal(code, 0);
    const names = readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.slice(0, -3));
    assert.ok(names.length > 0);
    for (const name of names) assert.match(stdout, new RegExp(`^  ${name} +\\S`, 'm'), `${name} is listed`);
    assert.match(stdout, /^ {2}llm +Model client overhead and resilience/m);
    assert.doesNotMatch(stdout, /^ {2}run /m);
  });

  it('--only with a name that is no benchmark runs nothing, names it and the benchmarks there are, and exits 2', async () => {
    const { code, stdout, stderr } = await unknown;
    assert.equal(code, 2);
    assert.match(stderr, /no benchmark named "no-such-bench"; the benchmarks are .*\bllm\b/);
    assert.equal(stdout, '');
  });
});
