// Checker throughput against a bare baseline, measured in the same run on the same Python samples:
//   checker  createChecker().checkMany: tree-sitter parse on the host, pyflakes + tests in the sandbox pool
//   bare     the same parse, then the same harness (sandbox-images/python/harness/run.py) with the same job
//            file as a plain python3 process on this host, as many at once as the pool has containers: the
//            one place the host runs Python, on the project's own fixed fixtures
// The samples are the correct and wrong Python solutions of test/checks/fixtures/, cycled to --samples.
// Usage: npx tsx bench/verify.ts [--samples 200] [--rounds 4] [--python PATH]
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createChecker } from '../src/checks/checker.ts';
import { jobLimits, testJob } from '../src/checks/jobs.ts';
import { jobOutcome, readReport, REPORT_FILE } from '../src/checks/report.ts';
import type { VerdictStatus } from '../src/checks/verdict.ts';
import { loadConfig } from '../src/config.ts';
import { python } from '../src/languages/python.ts';
import { createLogger } from '../src/log.ts';
import { createSandbox } from '../src/sandbox/index.ts';

const ROOT = path.join(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'checks', 'fixtures');
const HARNESS = path.join(ROOT, 'sandbox-images', 'python', 'harness', 'run.py');
// Its wrong variant is an exponential algorithm: a timeout both ways, which measures the clock, not us.
const SKIP = new Set(['nth-fibonacci-fast/wrong']);

/**
 * The first interpreter that has pyflakes, which the harness lints with: its real binary (a pyenv shim in
 * front of it would add a shell script's start-up to every bare run) and the directory pyflakes lives in.
 * Bare runs skip `site` (-S) and get that directory alone on their path: some hosts' site-packages carry .pth
 * files that import half a library at every start-up, which the image's interpreter does not do either.
 */
function findPython(given: string | undefined): { python: string; path: string } {
  for (const candidate of given ? [given] : ['/usr/bin/python3', 'python3']) {
    try {
      const [python, dir] = execFileSync(candidate, ['-I', '-c', 'import os, sys, pyflakes; print(sys.executable); print(os.path.dirname(os.path.dirname(pyflakes.__file__)))'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n');
      if (python && dir) return { python, path: dir };
    } catch {
      // next
    }
  }
  throw new Error('no python3 with pyflakes on this host for the bare baseline (apt-get install python3-pyflakes)');
}

const { values: flags } = parseArgs({
  options: {
    samples: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '4' },
    python: { type: 'string' },
  },
});

interface Sample {
  key: string;
  code: string;
  tests: string;
}

function loadSamples(count: number): Sample[] {
  const base: Sample[] = [];
  for (const problem of readdirSync(FIXTURES).sort()) {
    for (const variant of ['solution', 'wrong']) {
      if (SKIP.has(`${problem}/${variant}`)) continue;
      base.push({ key: `${problem}/${variant}`, code: readFileSync(path.join(FIXTURES, problem, `${variant}.py`), 'utf8'), tests: readFileSync(path.join(FIXTURES, problem, 'tests.py'), 'utf8') });
    }
  }
  // Each copy differs by a comment, so nothing along the way can answer a repeat from a cache.
  return Array.from({ length: count }, (_, i) => {
    const s = base[i % base.length] as Sample;
    return { ...s, key: `${s.key}#${i}`, code: `${s.code}# sample ${i}\n` };
  });
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

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('warn');
  const width = config.sandboxPoolSize;
  const { python: interpreter, path: pyflakesDir } = findPython(flags.python);
  const samples = loadSamples(Number(flags.samples));
  const rounds = Number(flags.rounds);
  const limits = jobLimits(config);

  const sandbox = await createSandbox({ config, log, images: ['python'] });
  const checker = createChecker({ sandbox, config, log });
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'flywheel-bench-verify-'));

  const methods = {
    checker: async (batch: Sample[]): Promise<VerdictStatus[]> =>
      (await checker.checkMany(batch.map((s) => ({ language: 'python', code: s.code, tests: s.tests })))).map((v) => v.status),
    bare: async (batch: Sample[]): Promise<VerdictStatus[]> => {
      const out: VerdictStatus[] = [];
      await inParallel(batch, width, async (sample, i) => {
        const parsed = python.parse(sample);
        const job = testJob(python, parsed, config);
        const dir = path.join(scratch, `${i}`);
        await mkdir(dir);
        await Promise.all(Object.entries(job.files).map(([name, text]) => writeFile(path.join(dir, name), text)));
        // The job's own argv, with the harness from the repository and -S for -I (see findPython).
        const argv = job.command.slice(1).map((a) => (a === '/opt/flywheel/harness/run.py' ? HARNESS : a === '-I' ? '-S' : a));
        const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
          execFile(interpreter, argv, { cwd: dir, timeout: limits.timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '', PYTHONPATH: pyflakesDir } }, (err, so, se) => {
            resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout: so, stderr: se });
          });
        });
        const report = readReport(await readFile(path.join(dir, REPORT_FILE), 'utf8').catch(() => undefined));
        const result = { exitCode: code, signal: null, stdout, stderr, stdoutTruncated: false, stderrTruncated: false, collected: {}, durationMs: 0, limit: null, timedOut: false };
        out[i] = jobOutcome('python', result, report, limits, 'lint').status;
        await rm(dir, { recursive: true, force: true });
      });
      return out;
    },
  };
  type Name = keyof typeof methods;
  const names = Object.keys(methods) as Name[];

  // Warm-up, untimed: the pool is warm in service, and the first run of anything pays for cold caches.
  await methods.checker(samples.slice(0, width * config.sandboxBatchSize));
  await methods.bare(samples.slice(0, width));

  // Rounds interleave the two (in alternating order) so a change in the machine's load falls on both alike.
  const seconds: Record<Name, number> = { checker: 0, bare: 0 };
  const statuses: Record<Name, VerdictStatus[]> = { checker: [], bare: [] };
  for (let r = 0; r < rounds; r++) {
    const batch = samples.slice(Math.floor((samples.length * r) / rounds), Math.floor((samples.length * (r + 1)) / rounds));
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length] as Name;
      const t = performance.now();
      statuses[name].push(...(await methods[name](batch)));
      seconds[name] += (performance.now() - t) / 1000;
    }
  }
  const stats = sandbox.stats();
  await sandbox.close();
  await rm(scratch, { recursive: true, force: true });

  const disagree = samples.map((s, i) => [s.key, statuses.checker[i], statuses.bare[i]] as const).filter(([, a, b]) => a !== b);
  const count = (name: Name, status: VerdictStatus): number => statuses[name].filter((s) => s === status).length;
  const rate = { checker: samples.length / seconds.checker, bare: samples.length / seconds.bare };
  const report = {
    date: new Date().toISOString(),
    host: { cpus: os.availableParallelism(), loadAverage: os.loadavg().map(round), python: interpreter },
    settings: { samples: samples.length, rounds, poolSize: width, batchSize: config.sandboxBatchSize, runtime: config.sandboxRuntime, timeoutMs: config.sandboxTimeoutMs },
    samplesPerSecond: { checker: round(rate.checker), bare: round(rate.bare) },
    ratios: { checkerOverBare: round(rate.checker / rate.bare) },
    verdicts: {
      checker: { pass: count('checker', 'pass'), fail: count('checker', 'fail'), error: count('checker', 'error') },
      bare: { pass: count('bare', 'pass'), fail: count('bare', 'fail'), error: count('bare', 'error') },
      disagreements: disagree.map(([key, a, b]) => ({ key, checker: a, bare: b })),
    },
    sandboxJobs: stats.images.python?.jobs ?? null,
  };
  console.log(`checker  ${report.samplesPerSecond.checker} samples/s  (${samples.length} Python samples: parse on the host, pyflakes + tests in ${width} containers, batches of <= ${config.sandboxBatchSize})`);
  console.log(`bare     ${report.samplesPerSecond.bare} samples/s  (same samples and harness, ${width} python3 processes at once on the host, ${interpreter})`);
  console.log(`checker / bare ${report.ratios.checkerOverBare}x   verdicts agree on ${samples.length - disagree.length}/${samples.length}   (load average ${report.host.loadAverage.join(' ')})`);
  const out = path.join(import.meta.dirname, 'results', 'verify.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written to ${path.relative(process.cwd(), out)}`);
}

await main();
