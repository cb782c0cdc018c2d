// Sandbox throughput, measured against two baselines in the same run:
//   pool        N small Python jobs through createSandbox().runMany (warm containers, batched execs)
//   bare        the same jobs as plain python3 processes on this host (fresh dir, write file, run, remove),
//               as many at once as the pool has containers; the one place the host runs Python, on fixed code
//   docker-run  `docker run --rm` per job with the pool's limits (fewer jobs, scaled to jobs/s)
// Usage: npx tsx bench/sandbox.ts [--jobs 200] [--docker-run-jobs 20] [--rounds 4] [--python /usr/bin/python3]
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import Docker from 'dockerode';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { describeImage } from '../src/sandbox/images.ts';
import { createSandbox, type SandboxJob } from '../src/sandbox/index.ts';

const run = promisify(execFile);

const { values: flags } = parseArgs({
  options: {
    jobs: { type: 'string', default: '200' },
    'docker-run-jobs': { type: 'string', default: '20' },
    rounds: { type: 'string', default: '4' },
    // The distribution's interpreter is the same build as the image's; a pyenv shim would flatter the pool.
    python: { type: 'string', default: existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3' },
  },
});
const jobCount = Number(flags.jobs);
const dockerRunCount = Number(flags['docker-run-jobs']);

// Small, fixed, trusted programs, each with its own input so no result can be reused.
function program(i: number): string {
  return `def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n\nprint(sum(fib(k) for k in range(12)) + ${i})\n`;
}
const expected = (i: number): string => `${232 + i}\n`;

async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  }));
}

function check(label: string, indices: number[], outputs: string[]): void {
  const wrong = indices.findIndex((job, k) => outputs[k] !== expected(job));
  if (wrong >= 0) throw new Error(`${label}: job ${indices[wrong]} printed ${JSON.stringify(outputs[wrong])}`);
}

/** The same jobs, three ways; each returns what the jobs printed, in order. */
interface Method {
  name: 'pool' | 'bare' | 'dockerRun';
  run(indices: number[]): Promise<string[]>;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('warn');
  const width = config.sandboxPoolSize;
  const rounds = Number(flags.rounds);

  const sandbox = await createSandbox({ config, log, images: ['python'] });
  const job = (i: number): SandboxJob => ({ image: 'python', files: { 'main.py': program(i) }, command: ['python3', 'main.py'] });
  const { tag } = await describeImage(new Docker(), 'python');
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'flywheel-bench-'));

  const methods: Method[] = [
    {
      name: 'pool',
      run: async (indices) => (await sandbox.runMany(indices.map(job))).map((r) => r.stdout),
    },
    {
      // The work the runner does around the program, minus the isolation: fresh dir, write, run, remove.
      name: 'bare',
      run: async (indices) => {
        const out: string[] = [];
        await inParallel(indices, width, async (i) => {
          const dir = path.join(scratch, String(i));
          await mkdir(dir);
          await writeFile(path.join(dir, 'main.py'), program(i));
          const { stdout } = await run(flags.python, ['main.py'], { cwd: dir, env: { PATH: process.env.PATH ?? '', PYTHONDONTWRITEBYTECODE: '1' } });
          out[indices.indexOf(i)] = stdout;
          await rm(dir, { recursive: true });
        });
        return out;
      },
    },
    {
      name: 'dockerRun',
      run: async (indices) => {
        const out: string[] = [];
        await inParallel(indices, width, async (i) => {
          const { stdout } = await run('docker', [
            'run', '--rm', '--network', 'none', '--read-only', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
            '--memory', `${config.sandboxMemoryMb}m`, '--memory-swap', `${config.sandboxMemoryMb}m`, '--pids-limit', String(config.sandboxPids),
            '--cpus', String(config.sandboxCpus), '--runtime', config.sandboxRuntime, '--user', '65534:65534',
            tag, 'python3', '-c', program(i),
          ]);
          out[indices.indexOf(i)] = stdout;
        });
        return out;
      },
    },
  ];

  // Warm-up, untimed: the pool is warm in service, and the first run of anything pays for cold caches.
  await methods[0]?.run(Array.from({ length: width * config.sandboxBatchSize }, (_, i) => i));
  await methods[1]?.run([0, 1]);

  // Rounds interleave the methods (in rotating order) so that a change in the machine's load during the run
  // falls on all of them alike.
  const seconds = { pool: 0, bare: 0, dockerRun: 0 };
  const counts = { pool: jobCount, bare: jobCount, dockerRun: dockerRunCount };
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < methods.length; k++) {
      const method = methods[(r + k) % methods.length] as Method;
      const total = counts[method.name];
      const from = Math.floor((total * r) / rounds);
      const indices = Array.from({ length: Math.floor((total * (r + 1)) / rounds) - from }, (_, i) => from + i);
      const t = performance.now();
      const outputs = await method.run(indices);
      seconds[method.name] += (performance.now() - t) / 1000;
      check(method.name, indices, outputs);
    }
  }
  await sandbox.close();
  await rm(scratch, { recursive: true, force: true });

  const rate = { pool: jobCount / seconds.pool, bare: jobCount / seconds.bare, dockerRun: dockerRunCount / seconds.dockerRun };
  const report = {
    date: new Date().toISOString(),
    host: { cpus: os.availableParallelism(), loadAverage: os.loadavg().map(round), python: flags.python },
    settings: { jobs: jobCount, dockerRunJobs: dockerRunCount, rounds, poolSize: width, batchSize: config.sandboxBatchSize, runtime: config.sandboxRuntime },
    jobsPerSecond: { pool: round(rate.pool), bare: round(rate.bare), dockerRun: round(rate.dockerRun) },
    ratios: { poolOverBare: round(rate.pool / rate.bare), poolOverDockerRun: round(rate.pool / rate.dockerRun) },
  };
  console.log(`pool        ${report.jobsPerSecond.pool} jobs/s  (${jobCount} jobs, ${width} containers, batches of <= ${config.sandboxBatchSize})`);
  console.log(`bare        ${report.jobsPerSecond.bare} jobs/s  (${jobCount} jobs, ${width} at once, ${flags.python})`);
  console.log(`docker run  ${report.jobsPerSecond.dockerRun} jobs/s  (${dockerRunCount} jobs, ${width} at once)`);
  console.log(`pool / bare ${report.ratios.poolOverBare}x   pool / docker run ${report.ratios.poolOverDockerRun}x   (load average ${report.host.loadAverage.join(' ')})`);
  const out = path.join(import.meta.dirname, 'results', 'sandbox.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written to ${path.relative(process.cwd(), out)}`);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

await main();
