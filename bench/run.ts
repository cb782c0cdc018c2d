// Runs the benchmarks of bench/ one after another, each as its own `npx tsx` child so that one failing does
// not hide the others, then prints a line per benchmark: passed or failed, seconds, and the JSON it wrote
// when it says so. Exits 1 when any failed, 2 on a usage error.
// Usage: npx tsx bench/run.ts [--only api,llm] [--help] [ARGS...]   (ARGS go to every benchmark run)
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const BENCH = import.meta.dirname;
const ROOT = path.dirname(BENCH);

interface Benchmark {
  name: string;
  file: string;
  /** The first comment line of the file. */
  about: string;
}

interface Outcome {
  name: string;
  /** null: stopped by a signal (see `signal`). */
  code: number | null;
  signal: NodeJS.Signals | null;
  seconds: number;
  /** Where the benchmark said it wrote its JSON. */
  json: string | null;
}

function benchmarks(): Benchmark[] {
  return readdirSync(BENCH)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
    .sort()
    .map((f) => {
      const file = path.join(BENCH, f);
      const comment = readFileSync(file, 'utf8').split('\n').find((line) => line.startsWith('//')) ?? '';
      return { name: f.slice(0, -'.ts'.length), file, about: comment.replace(/^\/\/\s?/, '') };
    });
}

function usage(all: readonly Benchmark[]): string {
  const width = Math.max(...all.map((b) => b.name.length));
  return [
    'Usage: npx tsx bench/run.ts [--only NAME,...] [--help] [ARGS...]',
    '',
    'Runs each benchmark below as `npx tsx bench/NAME.ts ARGS...`, one after another, and prints a line per',
    'benchmark at the end; exits 1 when any failed. ARGS go to every benchmark run, and each refuses options',
    'it does not know: pair them with --only.',
    '',
    'Options:',
    '  --only NAME,...  run only these benchmarks, in the order given',
    '  --help           this text',
    '',
    'Benchmarks:',
    ...all.map((b) => `  ${b.name.padEnd(width)}  ${b.about}`),
    '',
  ].join('\n');
}

class UsageError extends Error {}

/** run.ts's own options; everything else (and all after `--`) is passed to the benchmarks. */
function parse(argv: readonly string[]): { help: boolean; only: string[] | null; rest: string[] } {
  let help = false;
  let only: string[] | null = null;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (value === undefined || value === '') throw new UsageError('--only needs a comma-separated list of benchmark names');
      only = [...(only ?? []), ...value.split(',').map((n) => n.trim().replace(/\.ts$/, '')).filter((n) => n !== '')];
    } else rest.push(arg);
  }
  return { help, only, rest };
}

/** Runs one benchmark, its output passed through as it comes; stdout is also read for its "written to" line. */
function run(bench: Benchmark, args: readonly string[], onChild: (kill: (signal: NodeJS.Signals) => void) => void): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    // A process group of its own, signalled as a whole: npx does not pass a signal on to tsx and the benchmark.
    const child = spawn('npx', ['tsx', path.relative(ROOT, bench.file), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    onChild((signal) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // The group has ended already.
      }
    });
    let json: string | null = null;
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) json = writtenTo(line) ?? json;
    });
    const done = (code: number | null, signal: NodeJS.Signals | null) => {
      json = writtenTo(partial) ?? json;
      resolve({ name: bench.name, code, signal, seconds: (performance.now() - started) / 1000, json });
    };
    child.on('error', (err) => {
      console.error(`bench/run: cannot start npx tsx for ${bench.name}: ${err.message}`);
      done(127, null);
    });
    child.on('close', done);
  });
}

/** The benchmarks end with `written to <file>` when they wrote their JSON; the file as seen from here. */
function writtenTo(line: string): string | null {
  const m = /^written to (\S+\.json)\s*$/.exec(line.trim());
  return m?.[1] ? path.relative(process.cwd(), path.resolve(ROOT, m[1])) || m[1] : null;
}

function summary(outcomes: readonly Outcome[], skipped: readonly string[]): string {
  const width = Math.max(...[...outcomes.map((o) => o.name), ...skipped].map((n) => n.length));
  const lines = outcomes.map((o) => {
    const status = o.code === 0 ? 'passed' : 'failed';
    const why = o.code === 0 ? '' : o.signal ? ` (${o.signal})` : ` (exit code ${o.code})`;
    const where = o.json ? `  ${o.json}` : '';
    return `${o.name.padEnd(width)}  ${status}${why}  ${o.seconds.toFixed(1)} s${where}`;
  });
  return [...lines, ...skipped.map((name) => `${name.padEnd(width)}  not run (interrupted)`)].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const all = benchmarks();
  let options: ReturnType<typeof parse>;
  try {
    options = parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`bench/run: ${err.message}\n\n${usage(all)}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(usage(all));
    return 0;
  }
  let chosen = all;
  if (options.only !== null) {
    const unknown = options.only.filter((name) => !all.some((b) => b.name === name));
    if (unknown.length > 0) {
      process.stderr.write(`bench/run: no benchmark named ${unknown.map((n) => `"${n}"`).join(', ')}; the benchmarks are ${all.map((b) => b.name).join(', ')}\n`);
      return 2;
    }
    if (options.only.length === 0) {
      process.stderr.write('bench/run: --only names no benchmark\n');
      return 2;
    }
    chosen = [...new Set(options.only)].map((name) => all.find((b) => b.name === name) as Benchmark);
  }

  // Ctrl-C or a SIGTERM stops the running benchmark (its process group is not the terminal's, so it is passed
  // on) and no further one starts.
  let interrupted = false;
  let kill: ((signal: NodeJS.Signals) => void) | null = null;
  const stop = (signal: NodeJS.Signals) => {
    interrupted = true;
    kill?.(signal);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const outcomes: Outcome[] = [];
  for (const bench of chosen) {
    if (interrupted) break;
    console.log(`\n== ${bench.name}: npx tsx ${path.relative(ROOT, bench.file)}${options.rest.length > 0 ? ` ${options.rest.join(' ')}` : ''}`);
    outcomes.push(await run(bench, options.rest, (k) => { kill = k; }));
    kill = null;
  }
  const skipped = chosen.slice(outcomes.length).map((b) => b.name);
  console.log(`\n${summary(outcomes, skipped)}`);
  return outcomes.every((o) => o.code === 0) && skipped.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
