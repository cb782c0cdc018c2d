// The REST API under load while a round runs, as a team would see it: `flywheel serve` in its own process
// (the stand-in model in another, the sandbox in Docker), a store of --samples accepted samples, one round
// running, and for --seconds:
//   200 clients (autocannon, keep-alive, each sends its next request when the last is answered):
//     list     80  GET  /v1/samples?limit=50 (a random page of filters)
//     sample   60  GET  /v1/samples/:id (random ids)
//     verify   20  POST /v1/verify (one small Python sample)
//     export   40  GET  /v1/export?round=<a round of 20 samples>
//   24 slow export clients, each reading the whole store's export at 1 KB/s
// Prints requests/s, p50/p99/max latency and status codes per route, what the slow readers got, the
// server's resident memory over the run (first, middle and last tenth) and, on a Postgres server, how many
// waits for a pooled connection took over 1 s (the server's own histogram); writes bench/results/api.json.
// The baseline is the same routes with nobody else loading the server: a route's p99 under load against its
// p99 alone.
// Usage: npx tsx bench/api.ts [--seconds 60] [--samples 5000] [--backend pglite|postgres]
//   (postgres: TEST_DATABASE_URL or DATABASE_URL names a server the benchmark may create a database on)
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDb } from '../src/store/index.ts';
import { migrate } from '../src/store/migrate.ts';
import { insertSamples, seedRound } from '../test/export/seed.ts';

const ROOT = path.join(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'bin', 'flywheel.js');
const TOKEN = crypto.randomBytes(16).toString('hex');

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    samples: { type: 'string', default: '5000' },
    backend: { type: 'string', default: process.env.TEST_DATABASE_URL || process.env.DATABASE_URL ? 'postgres' : 'pglite' },
    routes: { type: 'string', default: 'list,sample,verify,export' },
    'slow-readers': { type: 'string', default: '24' },
  },
});
const seconds = Number(flags.seconds);
const sampleCount = Number(flags.samples);
const backend = flags.backend;
if (backend !== 'pglite' && backend !== 'postgres') throw new Error(`--backend: pglite or postgres, got ${backend}`);

const CLIENTS = { list: 80, sample: 60, verify: 20, export: 40 } as const;
type Route = keyof typeof CLIENTS;
const SLOW_READERS = Number(flags['slow-readers']);
const ROUTES = (flags.routes ?? '').split(',').filter(Boolean) as Route[];
const SLOW_BYTES_PER_SECOND = 1024;

const VERIFY_BODY = JSON.stringify({ language: 'python', code: 'def inc(x: int) -> int:\n    return x + 1\n', tests: 'def test_inc():\n    assert inc(1) == 2\n' });

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A child process of the CLI; its first stdout line is handed to `firstLine`. */
function startCli(args: string[], env: Record<string, string>): { child: ChildProcess; firstLine: Promise<string> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const firstLine = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const end = out.indexOf('\n');
      if (end >= 0) resolve(out.slice(0, end).trim());
    });
    child.on('exit', (code) => reject(new Error(`flywheel ${args[0]} exited ${code}: ${stderr}`)));
  });
  // Awaited only while starting: an exit at the end, when we stop it, is no error.
  firstLine.catch(() => {});
  return { child, firstLine };
}

async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not become ready`);
}

async function api<T>(url: string, method: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(match?.[1] ?? 0) / 1024);
}

/** A client that reads the export at `rate` bytes a second; what it got when stopped. */
function slowReader(url: string, rate: number): { stop: () => { status: number; bytes: number; cut: boolean } } {
  let status = 0;
  let bytes = 0;
  let cut = false;
  let timer: NodeJS.Timeout | undefined;
  const req = http.get(`${url}/v1/export`, { headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
    status = res.statusCode ?? 0;
    res.pause();
    timer = setInterval(() => {
      const chunk = res.read(rate) as Buffer | null ?? res.read() as Buffer | null;
      if (chunk) bytes += chunk.length;
    }, 1000);
    res.on('aborted', () => {
      cut = true;
    });
    res.on('error', () => {
      cut = true;
    });
  });
  req.on('error', () => {
    cut = true;
  });
  return {
    stop() {
      clearInterval(timer);
      req.destroy();
      return { status, bytes, cut };
    },
  };
}

interface RouteResult {
  clients: number;
  requests: number;
  perSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

function cannon(url: string, route: Route, connections: number, duration: number, ids: number[], exportRound: number): Promise<RouteResult> {
  const headers = { authorization: `Bearer ${TOKEN}` };
  const languages = ['python', 'php', 'typescript'];
  const request: autocannon.Request = route === 'verify'
    ? { method: 'POST', path: '/v1/verify', headers: { ...headers, 'content-type': 'application/json' }, body: VERIFY_BODY }
    : {
        method: 'GET',
        headers,
        setupRequest: (req) => {
          const path = route === 'list'
            ? `/v1/samples?limit=50&language=${languages[Math.floor(Math.random() * 3)]}${Math.random() < 0.5 ? `&min_revisions=${Math.floor(Math.random() * 4)}` : ''}`
            : route === 'sample'
              ? `/v1/samples/${ids[Math.floor(Math.random() * ids.length)]}`
              : `/v1/export?round=${exportRound}`;
          return { ...req, path };
        },
      };
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, requests: [request], timeout: 30 }, (err, result) => {
      if (err) return reject(err);
      const statuses: Record<string, number> = {};
      for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = (stat as { count: number }).count;
      resolve({
        clients: connections,
        requests: result.requests.total,
        perSecond: Math.round(result.requests.total / duration),
        latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
        statuses,
        errors: result.errors,
        timeouts: result.timeouts,
      });
    });
  });
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'flywheel-bench-api-'));
  // Room for every export client and slow reader at once: exports hold no connection, so the cap is a memory
  // bound (two pages per stalled reader), and a load of 429s would measure the refusal, not the export.
  const env: Record<string, string> = { LOG_LEVEL: 'warn', FLYWHEEL_API_TOKEN: TOKEN, FLYWHEEL_HOST: '127.0.0.1', EXPORT_MAX_CONCURRENT: '64' };
  let dropDatabase = async () => {};
  // The store: --samples in one round for the slow readers, 20 in another for the export clients.
  if (backend === 'postgres') {
    const adminUrl = (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL) as string;
    const name = `flywheel_bench_api_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    env.FLYWHEEL_DATA_DIR = scratch;
    env.DATABASE_URL = '';
  }
  const seedDb = await openDb({ databaseUrl: env.DATABASE_URL ?? '', dataDir: scratch, databasePoolSize: 2 });
  await migrate(seedDb);
  const big = await seedRound(seedDb, 'bench-big');
  await insertSamples(seedDb, big, sampleCount);
  const small = await seedRound(seedDb, 'bench-small');
  await insertSamples(seedDb, small, 20, sampleCount + 1);
  const ids = (await seedDb.query<{ id: number }>('select id from samples order by id')).map((r) => Number(r.id));
  await seedDb.close();

  const standin = startCli(['standin', '--port', '0', '--latency-ms', '100', '--log-level', 'warn'], {});
  const standinUrl = await standin.firstLine;
  const port = await freePort();
  const serve = startCli(['serve'], { ...env, FLYWHEEL_PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  const children = [standin.child, serve.child];
  try {
    await waitReady(url);
    const pid = serve.child.pid as number;
    // Alone: each route's latency with nobody else on the server, the baseline of its figure under load.
    const alone: Record<string, RouteResult> = {};
    for (const route of Object.keys(CLIENTS) as Route[]) alone[route] = await cannon(url, route, 1, 5, ids, small.roundId);

    await api(`${url}/v1/checkpoints`, 'POST', { name: 'bench-standin', baseUrl: standinUrl, model: 'flywheel-standin', makeCurrent: true });
    const round = await api<{ id: number }>(`${url}/v1/rounds`, 'POST', { size: 40, languages: ['php', 'typescript'] });

    const scrape = async () => (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    // A scrape restarts the server's event-loop delay window: the next one covers the load alone.
    await scrape();
    const memory: number[] = [];
    const sampler = setInterval(() => memory.push(rssMb(pid)), 1000);
    const readers = Array.from({ length: SLOW_READERS }, () => slowReader(url, SLOW_BYTES_PER_SECOND));
    const entries = await Promise.all(ROUTES.map(async (route) => [route, await cannon(url, route, CLIENTS[route], seconds, ids, small.roundId)] as const));
    const loaded = Object.fromEntries(entries) as Record<Route, RouteResult>;
    const slow = readers.map((r) => r.stop());
    clearInterval(sampler);
    const progress = await api<{ status: string; stats: Record<string, unknown> }>(`${url}/v1/rounds/${round.id}`, 'GET');
    const metrics = await scrape();
    const delay = (q: string) => Math.round(1000 * Number(new RegExp(`^flywheel_event_loop_delay_seconds\\{quantile="${q}"\\} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN));
    const loopDelayMs = { p50: delay('0.5'), p99: delay('0.99'), max: delay('1') };
    // Per pool: main (list, sample, verify and the rest), export (the exports' pages), rounds (the round's worker).
    const bucket = (pool: string, le: string) => Number(new RegExp(`^flywheel_db_connection_wait_seconds_bucket\\{pool="${pool}",le="${le.replace('+', '\\+')}"\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? NaN);
    const connectionWaits = Object.fromEntries(['main', 'export', 'rounds'].map((pool) => [pool, {
      all: bucket(pool, '+Inf'), overOneSecond: bucket(pool, '+Inf') - bucket(pool, '1'), overTenthSecond: bucket(pool, '+Inf') - bucket(pool, '0.1'),
    }]));

    const tenth = Math.max(1, Math.floor(memory.length / 10));
    const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
    const middle = Math.floor(memory.length / 2);
    const memoryMb = { firstTenth: mean(memory.slice(0, tenth)), middleTenth: mean(memory.slice(middle, middle + tenth)), lastTenth: mean(memory.slice(-tenth)), max: Math.max(...memory) };
    const fiveXx = Object.values(loaded).reduce((n, r) => n + Object.entries(r.statuses).filter(([code]) => code.startsWith('5')).reduce((m, [, c]) => m + c, 0), 0)
      + slow.filter((s) => s.status >= 500).length;
    const slowStatuses: Record<string, number> = {};
    for (const s of slow) slowStatuses[s.status] = (slowStatuses[s.status] ?? 0) + 1;

    console.log(`backend ${backend}, ${ids.length} samples, a round of 40 running (${progress.status} at the end), ${seconds} s, ${Object.values(CLIENTS).reduce((a, b) => a + b, 0)} clients + ${SLOW_READERS} slow export readers at ${SLOW_BYTES_PER_SECOND} B/s`);
    console.log('route    clients  req/s   p50 ms  p99 ms  max ms  p99 alone  statuses');
    for (const route of ROUTES) {
      const r = loaded[route];
      console.log(`${route.padEnd(8)} ${String(r.clients).padStart(7)} ${String(r.perSecond).padStart(6)} ${String(r.latencyMs.p50).padStart(8)} ${String(r.latencyMs.p99).padStart(7)} ${String(r.latencyMs.max).padStart(7)} ${String(alone[route]?.latencyMs.p99).padStart(10)}  ${JSON.stringify(r.statuses)}${r.errors ? ` errors ${r.errors}` : ''}${r.timeouts ? ` timeouts ${r.timeouts}` : ''}`);
    }
    console.log(`slow readers: statuses ${JSON.stringify(slowStatuses)}, ${Math.round(slow.reduce((n, s) => n + s.bytes, 0) / 1024)} KiB read in all, ${slow.filter((s) => s.cut).length} cut off`);
    console.log(`5xx: ${fiveXx}; server memory ${memoryMb.firstTenth} MiB in the first tenth, ${memoryMb.middleTenth} in the middle one, ${memoryMb.lastTenth} in the last, max ${memoryMb.max}`);
    console.log(`the server's event loop under the load: delay p50 ${loopDelayMs.p50} ms, p99 ${loopDelayMs.p99} ms, max ${loopDelayMs.max} ms (every wait below includes it)`);
    if (Number.isNaN(connectionWaits.main?.all)) {
      console.log('waits for a database connection: none to count (the embedded database has one connection, statements queue for it)');
    } else {
      console.log('waits for a pooled database connection, per pool:');
      for (const [pool, w] of Object.entries(connectionWaits)) console.log(`  ${pool.padEnd(7)} ${w.all}, of which ${w.overTenthSecond} over 0.1 s and ${w.overOneSecond} over 1 s`);
    }

    const out = path.join(import.meta.dirname, 'results', 'api.json');
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify({ date: new Date().toISOString(), host: { cpus: os.availableParallelism() }, backend, samples: ids.length, seconds, clients: CLIENTS, slowReaders: { count: SLOW_READERS, bytesPerSecond: SLOW_BYTES_PER_SECOND, statuses: slowStatuses, cut: slow.filter((s) => s.cut).length }, loaded, alone, fiveXx, memoryMb, connectionWaits, loopDelayMs, round: progress.status }, null, 2)}\n`);
    console.log(`written to ${path.relative(process.cwd(), out)}`);
    await api(`${url}/v1/rounds/${round.id}/cancel`, 'POST').catch(() => {});
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.on('exit', resolve)))));
    await dropDatabase();
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
