// Sandbox throughput, measured against two baselines in the same run, under each Docker runtime:
//   pool        N small Python jobs through createSandbox().runMany (warm containers, batched execs)
//   bare        the same jobs as plain python3 processes on this host (fresh dir, write file, run, remove),
//               as many at once as the pool has containers; the one place the host runs Python, on fixed code
//   docker-run  `docker run --rm` per job with the pool's limits (fewer jobs, scaled to jobs/s)
// and, per runtime, one job at a time through the pool (latency p50/p99) and a pool container's start (the
// container and its runner ready). Both runtimes run in the same process, interleaved, so gVisor's cost over
// runc is a ratio measured under the same load.
// Usage: npx tsx bench/sandbox.ts [--jobs 200] [--docker-run-jobs 20] [--latency-jobs 40] [--starts 5] [--rounds 4]
//                                 [--runtimes runc,runsc] [--python /usr/bin/python3]
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import Docker from 'dockerode';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { removeContainer, startContainer } from '../src/sandbox/container.ts';
import { openSession } from '../src/sandbox/exec.ts';
import { describeImage } from '../src/sandbox/images.ts';
import { createSandbox, listedRuntimes, type Sandbox, type SandboxJob } from '../src/sandbox/index.ts';
import { ownerLabels } from '../src/sandbox/reaper.ts';

const run = promisify(execFile);

const { values: flags } = parseArgs({
  options: {
    jobs: { type: 'string', default: '200' },
    'docker-run-jobs': { type: 'string', default: '20' },
    'latency-jobs': { type: 'string', default: '40' },
    starts: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '4' },
    runtimes: { type: 'string', default: 'runc,runsc' },
    // The distribution's interpreter is the same build as the image's; a pyenv shim would flatter the pool.
    python: { type: 'string', default: existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3' },
  },
});
const jobCount = Number(flags.jobs);
const dockerRunCount = Number(flags['docker-run-jobs']);
const latencyCount = Number(flags['latency-jobs']);
const startCount = Number(flags.starts);

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

/** The same jobs, several ways; each returns what the jobs printed, in order. */
interface Method {
  name: string;
  /** jobs of the whole run */
  total: number;
  run(indices: number[]): Promise<string[]>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('warn');
  const width = config.sandboxPoolSize;
  const rounds = Number(flags.rounds);
  const docker = new Docker();
  const listed = await listedRuntimes(docker);
  const runtimes = flags.runtimes.split(',').map((r) => r.trim()).filter((r) => r !== '');
  const missing = runtimes.filter((r) => !listed.includes(r));
  if (missing.length > 0) throw new Error(`Docker does not list ${missing.join(', ')} (it lists ${listed.join(', ')}): \`bash scripts/setup.sh\` registers gVisor, or pass --runtimes runc`);

  const job = (i: number): SandboxJob => ({ image: 'python', files: { 'main.py': program(i) }, command: ['python3', 'main.py'] });
  const { tag } = await describeImage(docker, 'python');
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'flywheel-bench-'));
  const sandboxes = new Map<string, Sandbox>();
  for (const runtime of runtimes) {
    sandboxes.set(runtime, await createSandbox({ config: loadConfig({ ...process.env, SANDBOX_RUNTIME: runtime }), log, images: ['python'] }));
  }
  const sandboxOf = (runtime: string): Sandbox => sandboxes.get(runtime) as Sandbox;

  const methods: Method[] = [
    ...runtimes.map((runtime): Method => ({
      name: `pool:${runtime}`,
      total: jobCount,
      run: async (indices) => (await sandboxOf(runtime).runMany(indices.map(job))).map((r) => r.stdout),
    })),
    {
      // The work the runner does around the program, minus the isolation: fresh dir, write, run, remove.
      name: 'bare',
      total: jobCount,
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
    ...runtimes.map((runtime): Method => ({
      name: `dockerRun:${runtime}`,
      total: dockerRunCount,
      run: async (indices) => {
        const out: string[] = [];
        await inParallel(indices, width, async (i) => {
          const { stdout } = await run('docker', [
            'run', '--rm', '--network', 'none', '--read-only', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
            '--memory', `${config.sandboxMemoryMb}m`, '--memory-swap', `${config.sandboxMemoryMb}m`, '--pids-limit', String(config.sandboxPids),
            '--cpus', String(config.sandboxCpus), '--runtime', runtime, '--user', '65534:65534',
            tag, 'python3', '-c', program(i),
          ]);
          out[indices.indexOf(i)] = stdout;
        });
        return out;
      },
    })),
  ];

  // Warm-up, untimed: the pool is warm in service, and the first run of anything pays for cold caches.
  for (const runtime of runtimes) await sandboxOf(runtime).runMany(Array.from({ length: width * config.sandboxBatchSize }, (_, i) => job(i)));
  await methods.find((m) => m.name === 'bare')?.run([0, 1]);

  // Rounds interleave the methods (in rotating order) so that a change in the machine's load during the run
  // falls on all of them alike; the latency and start-up samples are taken the same way.
  const seconds: Record<string, number> = Object.fromEntries(methods.map((m) => [m.name, 0]));
  const latencies: Record<string, number[]> = Object.fromEntries(runtimes.map((r) => [r, []]));
  const starts: Record<string, number[]> = Object.fromEntries(runtimes.map((r) => [r, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < methods.length; k++) {
      const method = methods[(r + k) % methods.length] as Method;
      const from = Math.floor((method.total * r) / rounds);
      const indices = Array.from({ length: Math.floor((method.total * (r + 1)) / rounds) - from }, (_, i) => from + i);
      const t = performance.now();
      const outputs = await method.run(indices);
      seconds[method.name] = (seconds[method.name] ?? 0) + (performance.now() - t) / 1000;
      check(method.name, indices, outputs);
    }
    for (let k = 0; k < runtimes.length; k++) {
      const runtime = runtimes[(r + k) % runtimes.length] as string;
      const from = Math.floor((latencyCount * r) / rounds);
      for (let i = from; i < Math.floor((latencyCount * (r + 1)) / rounds); i++) {
        const t = performance.now();
        const result = await sandboxOf(runtime).run(job(i));
        latencies[runtime]?.push(performance.now() - t);
        check(`latency:${runtime}`, [i], [result.stdout]);
      }
      for (let i = Math.floor((startCount * r) / rounds); i < Math.floor((startCount * (r + 1)) / rounds); i++) {
        starts[runtime]?.push(await containerStart(docker, config, tag, runtime));
      }
    }
  }
  for (const sandbox of sandboxes.values()) await sandbox.close();
  await rm(scratch, { recursive: true, force: true });

  const rate = Object.fromEntries(methods.map((m) => [m.name, m.total / (seconds[m.name] ?? Number.NaN)]));
  const stat = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), n: sorted.length };
  };
  const perRuntime = Object.fromEntries(runtimes.map((runtime) => [runtime, {
    poolJobsPerSecond: round(rate[`pool:${runtime}`] ?? Number.NaN),
    dockerRunJobsPerSecond: round(rate[`dockerRun:${runtime}`] ?? Number.NaN),
    jobLatencyMs: stat(latencies[runtime] ?? []),
    containerStartMs: stat(starts[runtime] ?? []),
    poolOverBare: round((rate[`pool:${runtime}`] ?? Number.NaN) / (rate.bare ?? Number.NaN)),
    poolOverDockerRun: round((rate[`pool:${runtime}`] ?? Number.NaN) / (rate[`dockerRun:${runtime}`] ?? Number.NaN)),
  }]));
  const [base, other] = runtimes;
  const a = base === undefined ? undefined : perRuntime[base];
  const b = other === undefined ? undefined : perRuntime[other];
  // The second runtime's cost against the first's (runsc over runc): above 1 is slower for times, faster for rates.
  const ratio = a && b ? {
    of: `${other} / ${base}`,
    poolJobsPerSecond: round(b.poolJobsPerSecond / a.poolJobsPerSecond),
    jobLatencyP50: round(b.jobLatencyMs.p50 / a.jobLatencyMs.p50),
    jobLatencyP99: round(b.jobLatencyMs.p99 / a.jobLatencyMs.p99),
    containerStart: round(b.containerStartMs.p50 / a.containerStartMs.p50),
    dockerRunJobsPerSecond: round(b.dockerRunJobsPerSecond / a.dockerRunJobsPerSecond),
  } : null;
  const report = {
    date: new Date().toISOString(),
    host: { cpus: os.availableParallelism(), loadAverage: os.loadavg().map(round), python: flags.python },
    settings: { jobs: jobCount, dockerRunJobs: dockerRunCount, latencyJobs: latencyCount, starts: startCount, rounds, poolSize: width, batchSize: config.sandboxBatchSize, runtimes },
    bareJobsPerSecond: round(rate.bare ?? Number.NaN),
    runtimes: perRuntime,
    runtimeRatio: ratio,
  };
  console.log(`bare              ${report.bareJobsPerSecond} jobs/s  (${jobCount} jobs, ${width} at once, ${flags.python})`);
  for (const [runtime, r] of Object.entries(perRuntime)) {
    console.log(`${runtime.padEnd(6)} pool       ${r.poolJobsPerSecond} jobs/s  (${jobCount} jobs, ${width} containers, batches of <= ${config.sandboxBatchSize}); pool / bare ${r.poolOverBare}x, pool / docker run ${r.poolOverDockerRun}x`);
    console.log(`${runtime.padEnd(6)} docker run ${r.dockerRunJobsPerSecond} jobs/s  (${dockerRunCount} jobs, ${width} at once)`);
    console.log(`${runtime.padEnd(6)} one job    p50 ${r.jobLatencyMs.p50} ms, p99 ${r.jobLatencyMs.p99} ms  (${r.jobLatencyMs.n} jobs, one at a time)`);
    console.log(`${runtime.padEnd(6)} start      p50 ${r.containerStartMs.p50} ms, p99 ${r.containerStartMs.p99} ms  (${r.containerStartMs.n} containers to a ready runner)`);
  }
  if (ratio) {
    console.log(`${ratio.of}: pool jobs/s ${ratio.poolJobsPerSecond}x, one job p50 ${ratio.jobLatencyP50}x p99 ${ratio.jobLatencyP99}x, container start ${ratio.containerStart}x, docker run jobs/s ${ratio.dockerRunJobsPerSecond}x`);
  }
  console.log(`(load average ${report.host.loadAverage.join(' ')})`);
  const out = path.join(import.meta.dirname, 'results', 'sandbox.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written to ${path.relative(process.cwd(), out)}`);
}

/** One pool container from create to its runner announcing itself ready, ms; removed afterwards. */
async function containerStart(docker: Docker, config: ReturnType<typeof loadConfig>, tag: string, runtime: string): Promise<number> {
  const t = performance.now();
  const container = await startContainer(docker, config, { name: 'python', tag, owner: ownerLabels() }, runtime);
  try {
    const session = await openSession(docker, container, () => undefined);
    const ms = performance.now() - t;
    session.abort();
    return ms;
  } finally {
    await removeContainer(container);
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

await main();
