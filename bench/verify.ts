// `verify` against what a user would run instead: plain execution of each sample as one program, a process per
// sample, as the reference harnesses run them (human-eval's `python3 prog.py`, MultiPL-E's `php prog.php` and
// `node prog.js`), as many at once as there are cores, on this host.
//   verify  createChecker().checkMany: tree-sitter parse and tamper gate on the host, lint and tests in the
//           sandbox pools (zygote-forked Python, PHP, Node with the resident linter), each case reported over
//           the verdict channel and cross-checked
//   plain   code + tests (+ calls of the test functions) written to one file and run by the host's interpreter:
//           no isolation, no lint, no per-case report, exit code 0 = pass
// Samples: the correct and wrong solutions of test/checks/fixtures (Python, PHP) and the stand-in bank's
// solutions (Python, PHP, TypeScript; its TypeScript without types is the JavaScript set), cycled to --samples
// per language, each copy made unique by a comment. Then a lone TypeScript sample, checked alone on a warm pool.
// Usage: npx tsx bench/verify.ts [--samples 480] [--rounds 12] [--languages python,php,javascript]
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import { createChecker } from '../src/checks/checker.ts';
import type { VerdictStatus } from '../src/checks/verdict.ts';
import { loadConfig } from '../src/config.ts';
import { getLanguage } from '../src/languages/index.ts';
import { createLogger } from '../src/log.ts';
import { createSandbox } from '../src/sandbox/index.ts';

const ROOT = path.join(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'checks', 'fixtures');
const BANK = path.join(ROOT, 'standin', 'bank');
// Its wrong variant is an exponential algorithm: a timeout both ways, which measures the clock, not us.
const SKIP = new Set(['nth-fibonacci-fast/wrong']);
/** The interpreters of the plain runs: Debian's, like the images'. */
const PLAIN: Record<string, { argv: string[]; ext: string }> = {
  python: { argv: ['/usr/bin/python3'], ext: 'py' },
  php: { argv: ['php', '-d', 'zend.assertions=1', '-d', 'assert.exception=1'], ext: 'php' },
  javascript: { argv: ['node'], ext: 'mjs' },
};

const { values: flags } = parseArgs({
  options: {
    samples: { type: 'string', default: '480' },
    rounds: { type: 'string', default: '12' },
    languages: { type: 'string', default: 'python,php,javascript' },
  },
});

interface Sample {
  key: string;
  language: string;
  code: string;
  tests: string;
}

const read = (...parts: string[]): string => readFileSync(path.join(...parts), 'utf8');

/** TypeScript without its types, as JavaScript of the same module convention. */
function stripTypes(source: string): string {
  return ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
}

function baseSamples(language: string): Sample[] {
  const out: Sample[] = [];
  if (language === 'python' || language === 'php') {
    const ext = language === 'python' ? 'py' : 'php';
    for (const problem of readdirSync(FIXTURES).sort()) {
      for (const variant of ['solution', 'wrong']) {
        const file = path.join(FIXTURES, problem, `${variant}.${ext}`);
        if (SKIP.has(`${problem}/${variant}`) || !existsSync(file)) continue;
        out.push({ key: `${problem}/${variant}`, language, code: read(file), tests: read(FIXTURES, problem, `tests.${ext}`) });
      }
    }
  }
  for (const problem of readdirSync(BANK).sort()) {
    const dir = path.join(BANK, problem);
    const [solution, tests] = language === 'python' ? ['solution.py', 'test_solution.py'] : language === 'php' ? ['solution.php', 'test_solution.php'] : ['solution.ts', 'solution.test.ts'];
    if (!existsSync(path.join(dir, solution)) || !existsSync(path.join(dir, tests))) continue;
    const code = read(dir, solution);
    const testText = read(dir, tests);
    out.push({ key: `bank/${problem}`, language, code: language === 'javascript' ? stripTypes(code) : code, tests: language === 'javascript' ? stripTypes(testText) : testText });
  }
  return out;
}

function samplesOf(language: string, count: number): Sample[] {
  const base = baseSamples(language);
  const comment = language === 'python' ? '#' : '//';
  // Each copy differs by a comment, so nothing along the way can answer a repeat from a cache.
  return Array.from({ length: count }, (_, i) => {
    const s = base[i % base.length] as Sample;
    return { ...s, key: `${s.key}#${i}`, code: `${s.code}\n${comment} sample ${i}\n` };
  });
}

/** The sample as one program that runs its own tests, as a user would write it out and run it. */
function program(sample: Sample, testNames: string[]): string {
  const calls = testNames.filter((n) => !n.includes('.'));
  if (sample.language === 'python') {
    const tests = sample.tests.replace(/^(from solution import .*|import solution)$/gm, '');
    return `${sample.code}\n${tests}\n${calls.map((n) => `${n}()`).join('\n')}\n`;
  }
  if (sample.language === 'php') {
    const code = sample.code.trimEnd().endsWith('?>') ? sample.code : `${sample.code}\n?>`;
    return `${code}\n${sample.tests}\n${calls.map((n) => `${n}();`).join('\n')}\n`;
  }
  const tests = sample.tests.replace(/^import .* from ['"]\.\/solution(\.js|\.ts)?['"];?$/gm, '');
  return `${sample.code}\n${tests}\n${calls.map((n) => `${n}();`).join('\n')}\n`;
}

async function inParallel<T>(items: T[], width: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index] as T, index);
    }
  }));
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('warn');
  const width = config.sandboxPoolSize;
  const count = Number(flags.samples);
  const rounds = Number(flags.rounds);
  const languages = (flags.languages ?? '').split(',').filter(Boolean);
  const sandbox = await createSandbox({ config, log, images: ['python', 'php', 'node'] });
  const checker = createChecker({ sandbox, config, log });
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'flywheel-bench-verify-'));
  const report: Record<string, unknown> = { date: new Date().toISOString(), host: { cpus: os.availableParallelism(), loadAverage: os.loadavg().map(round2) }, settings: { samples: count, rounds, poolSize: width, batchSize: config.sandboxBatchSize, runtime: sandbox.runtime } };

  for (const language of languages) {
    const samples = samplesOf(language, count);
    const plain = PLAIN[language];
    if (!plain) throw new Error(`${language}: no plain baseline here (known: ${Object.keys(PLAIN).join(', ')})`);
    // A baseline that cannot start would fail every sample fast and make the ratio meaningless.
    try {
      execFileSync(plain.argv[0] as string, ['--version'], { stdio: 'ignore' });
    } catch (err) {
      throw new Error(`${language}: the host's ${plain.argv[0]} does not run (${(err as Error).message}); install it (for PHP: apt-get install php-cli)`);
    }
    const methods = {
      verify: async (batch: Sample[]): Promise<VerdictStatus[]> =>
        (await checker.checkMany(batch.map((s) => ({ language: s.language, code: s.code, tests: s.tests })))).map((v) => v.status),
      plain: async (batch: Sample[]): Promise<VerdictStatus[]> => {
        const out: VerdictStatus[] = [];
        await inParallel(batch, width, async (sample, i) => {
          const names = getLanguage(sample.language).parse(sample).testNames;
          const file = path.join(scratch, `${language}-${i}.${plain.ext}`);
          await writeFile(file, program(sample, names));
          const [bin, ...args] = plain.argv as [string, ...string[]];
          out[i] = await new Promise<VerdictStatus>((resolve) => {
            execFile(bin, [...args, file], { cwd: scratch, timeout: config.sandboxTimeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err) => resolve(err ? 'fail' : 'pass'));
          });
        });
        return out;
      },
    };
    type Name = keyof typeof methods;
    const names = Object.keys(methods) as Name[];
    // Warm-up, untimed: the pools are warm in service, and the first run of anything pays for cold caches.
    await methods.verify(samples.slice(0, width * config.sandboxBatchSize));
    await methods.plain(samples.slice(0, width));
    // Rounds interleave the two (in alternating order) so a change in the machine's load falls on both alike.
    const seconds: Record<Name, number> = { verify: 0, plain: 0 };
    const statuses: Record<Name, VerdictStatus[]> = { verify: [], plain: [] };
    // Each round is a paired comparison (the same samples both ways, back to back): its ratio is free of the
    // machine's drift between rounds, and the median of the rounds' ratios is the figure least moved by one bad round.
    const paired: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const spent: Record<Name, number> = { verify: 0, plain: 0 };
      const batch = samples.slice(Math.floor((samples.length * r) / rounds), Math.floor((samples.length * (r + 1)) / rounds));
      for (let k = 0; k < names.length; k++) {
        const name = names[(r + k) % names.length] as Name;
        const t = performance.now();
        statuses[name].push(...(await methods[name](batch)));
        spent[name] = (performance.now() - t) / 1000;
        seconds[name] += spent[name];
      }
      paired.push(spent.plain / spent.verify);
    }
    paired.sort((a, b) => a - b);
    const median = paired.length % 2 ? (paired[(paired.length - 1) / 2] as number) : ((paired[paired.length / 2 - 1] as number) + (paired[paired.length / 2] as number)) / 2;
    const disagree = samples.map((s, i) => [s.key, statuses.verify[i], statuses.plain[i]] as const).filter(([, a, b]) => a !== b);
    const rate = { verify: samples.length / seconds.verify, plain: samples.length / seconds.plain };
    report[language] = {
      samplesPerSecond: { verify: round2(rate.verify), plain: round2(rate.plain) },
      ratio: round2(rate.verify / rate.plain),
      pairedRatio: { median: round2(median), min: round2(paired[0] ?? 0), max: round2(paired.at(-1) ?? 0), rounds: paired.length },
      verdicts: { verify: tally(statuses.verify), plain: tally(statuses.plain), disagreements: disagree.slice(0, 20).map(([key, a, b]) => ({ key, verify: a, plain: b })) },
    };
    console.log(`${language.padEnd(10)} verify (${sandbox.runtime}) ${round2(rate.verify)} samples/s, plain ${round2(rate.plain)}/s (${plain.argv[0]} per sample, ${width} at once): ${round2(rate.verify / rate.plain)}x overall, median of ${paired.length} paired rounds ${round2(median)}x (${round2(paired[0] ?? 0)}-${round2(paired.at(-1) ?? 0)}); verdicts differ on ${disagree.length}/${samples.length}`);
  }

  // A lone TypeScript sample on a warm pool: what a caller of /v1/verify with one sample waits.
  const lone = baseSamples('typescript')[0] as Sample;
  const latencies: number[] = [];
  for (let i = 0; i < 12; i++) {
    const t = performance.now();
    const v = await checker.check({ language: 'typescript', code: `${lone.code}\n// ${i}\n`, tests: lone.tests });
    if (i >= 2) latencies.push(performance.now() - t);
    if (v.status !== 'pass') throw new Error(`the lone TypeScript sample did not pass: ${JSON.stringify(v.diagnostics)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  latencies.sort((a, b) => a - b);
  report.loneTypescriptMs = { median: Math.round(latencies[Math.floor(latencies.length / 2)] ?? 0), max: Math.round(latencies.at(-1) ?? 0), runs: latencies.length };
  console.log(`lone TypeScript sample on a warm pool: median ${report.loneTypescriptMs && (report.loneTypescriptMs as { median: number }).median} ms (lint by the resident linter + tests), ${latencies.length} runs`);

  await sandbox.close();
  await rm(scratch, { recursive: true, force: true });
  const out = path.join(import.meta.dirname, 'results', 'verify.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written to ${path.relative(process.cwd(), out)}`);
}

function tally(statuses: VerdictStatus[]): Record<VerdictStatus, number> {
  return { pass: statuses.filter((s) => s === 'pass').length, fail: statuses.filter((s) => s === 'fail').length, error: statuses.filter((s) => s === 'error').length };
}

await main();
