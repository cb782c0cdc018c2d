// The JSONL export against Postgres's own COPY of the same rows, in one run on one server:
//   copy query  psql `\copy (<the format's export query>) to stdout`: the same columns the format reads, by
//               the server's fastest way out (text rows, no JSON lines, nothing per row in JavaScript)
//   copy rows   the same for the whole sample rows (`select s.*, checkpoint name`), what a dump would read
//   export      writeExport(): the format's query in keyset pages, each row made a JSONL line, into a
//               counting sink
// The methods take turns, each round in a new order, and the median of the rounds counts. Prints rows/s and
// MB/s of each and the ratios export/copy; writes bench/results/export.json.
// Usage: TEST_DATABASE_URL=postgres://... npx tsx bench/export.ts [--rows 100000] [--rounds 3] [--formats raw,chat,dialog]
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { writeExport, type ExportFormat } from '../src/export/index.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPostgres } from '../src/store/postgres.ts';
import { exportQueries } from '../src/store/export.ts';
import { insertSamples, seedRound } from '../test/export/seed.ts';

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '3' },
    formats: { type: 'string', default: 'raw,chat,dialog' },
  },
});
const rows = Number(flags.rows);
const rounds = Number(flags.rounds);
const formats = flags.formats.split(',') as ExportFormat[];
const adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!adminUrl) throw new Error('set TEST_DATABASE_URL (or DATABASE_URL) to a Postgres server the benchmark may create a database on');

const name = `flywheel_bench_${crypto.randomBytes(4).toString('hex')}`;
const url = new URL(adminUrl);
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
url.pathname = `/${name}`;
const db = await openPostgres({ url: url.toString(), poolSize: 4 });

interface Run {
  ms: number;
  bytes: number;
}

const rowsQuery = 'select s.*, c.name as checkpoint_name from samples s join checkpoints c on c.id = s.checkpoint_id order by s.id';

/** COPY of a format's query with every filter off (its parameters null), or of whole rows; bytes counted as they arrive. */
function copy(what: ExportFormat | 'rows'): Promise<Run> {
  const sql = (what === 'rows' ? rowsQuery : exportQueries[what]).replace(/\s+/g, ' ').replace(/\$\d+/g, 'null');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const psql = spawn('psql', [url.toString(), '-X', '-q', '-c', `\\copy (${sql}) to stdout`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let bytes = 0;
    psql.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    psql.on('error', reject);
    psql.on('close', (code) => (code === 0 ? resolve({ ms: performance.now() - started, bytes }) : reject(new Error(`psql exited ${code}`))));
  });
}

async function exportRun(format: ExportFormat): Promise<Run> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  const started = performance.now();
  const manifest = await writeExport({ db, format, filters: {}, out: sink });
  if (manifest.counts.lines !== rows) throw new Error(`exported ${manifest.counts.lines} lines, expected ${rows}`);
  return { ms: performance.now() - started, bytes };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const round2 = (x: number) => Math.round(x * 100) / 100;

try {
  await migrate(db);
  const seeded = await seedRound(db);
  const insertStarted = performance.now();
  for (let from = 1; from <= rows; from += 50_000) await insertSamples(db, seeded, Math.min(50_000, rows - from + 1), from);
  await db.query('vacuum analyze samples');
  console.error(`bench: ${rows} samples generated in ${((performance.now() - insertStarted) / 1000).toFixed(1)} s`);

  const summary = (list: Run[]) => {
    const ms = median(list.map((x) => x.ms));
    const bytes = median(list.map((x) => x.bytes));
    return { ms: Math.round(ms), bytes, rowsPerSecond: Math.round((rows * 1000) / ms), mbPerSecond: round2(bytes / 1e6 / (ms / 1000)) };
  };
  const wholeRows: Run[] = [];
  await copy('rows');
  const results: Record<string, unknown> = {};
  for (const format of formats) {
    const runs: Record<'copy' | 'export', Run[]> = { copy: [], export: [] };
    // A warm-up of each, so both read from a warm cache.
    await copy(format);
    await exportRun(format);
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? (['copy', 'export'] as const) : (['export', 'copy'] as const);
      for (const method of order) runs[method].push(method === 'copy' ? await copy(format) : await exportRun(format));
      wholeRows.push(await copy('rows'));
    }
    const c = summary(runs.copy);
    const e = summary(runs.export);
    const ratio = round2(e.rowsPerSecond / c.rowsPerSecond);
    results[format] = { copyQuery: c, export: e, rowsRatioVsCopyQuery: ratio, bytesRatioVsCopyQuery: round2(e.mbPerSecond / c.mbPerSecond) };
    console.log(
      `${format.padEnd(6)}  copy query ${c.rowsPerSecond} rows/s ${c.mbPerSecond} MB/s | export ${e.rowsPerSecond} rows/s ${e.mbPerSecond} MB/s | export/copy query ${ratio}x${ratio >= 0.5 ? '' : '  (below half)'}`,
    );
  }
  const whole = summary(wholeRows);
  results.copyRows = whole;
  for (const format of formats) {
    const r = results[format] as { export: { rowsPerSecond: number }; rowsRatioVsCopyRows?: number };
    r.rowsRatioVsCopyRows = round2(r.export.rowsPerSecond / whole.rowsPerSecond);
  }
  console.log(
    `copy rows (select s.*): ${whole.rowsPerSecond} rows/s ${whole.mbPerSecond} MB/s; export/copy rows: ${formats.map((f) => `${f} ${(results[f] as { rowsRatioVsCopyRows: number }).rowsRatioVsCopyRows}x`).join(', ')}`,
  );
  const out = {
    date: new Date().toISOString(),
    host: { cpus: os.availableParallelism(), loadAverage: os.loadavg().map(round2), node: process.version },
    settings: { rows, rounds, formats },
    results,
  };
  const file = path.join(import.meta.dirname, 'results', 'export.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`written to ${path.relative(process.cwd(), file)}`);
} finally {
  await db.close();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
