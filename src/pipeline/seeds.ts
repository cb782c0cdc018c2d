// Seeding for diversity: each problem request draws a topic and a difficulty, and a share of them a code
// snippet to be "inspired by" — from earlier rounds' accepted samples first (so the data keeps moving into
// the long tail), then from seed files the user points at. Benchmark files are read here too.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { FlywheelError } from '../errors.ts';
import type { Queryable } from '../store/db.ts';
import type { Seed } from '../store/rounds.ts';
import { addBenchmarkText, createBenchmarkIndex, type BenchmarkIndex } from './dedup.ts';
import type { RoundSettings } from './settings.ts';
import { seededRandom } from '../random.ts';

type Snippet = NonNullable<Seed['snippet']>;

const SNIPPET_MAX_CHARS = 2000;
const EXTENSIONS: Record<string, string> = { '.py': 'python', '.php': 'php', '.ts': 'typescript', '.js': 'javascript', '.go': 'go', '.rs': 'rust', '.java': 'java', '.c': 'c', '.cpp': 'cpp' };

export async function drawSeeds(
  db: Queryable,
  lists: { topics: string[]; difficulties: string[] },
  settings: RoundSettings,
): Promise<Seed[]> {
  const random = seededRandom(settings.seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
  const wanted = Math.round(settings.size * settings.snippetShare);
  const snippets = wanted > 0 ? await earlierSnippets(db, wanted) : [];
  if (snippets.length < wanted) snippets.push(...(await fileSnippets(settings.seedPaths, wanted - snippets.length, random)));

  // Topics are dealt without replacement until the list runs out, so a round covers as many as it can.
  const deck = [...lists.topics];
  return Array.from({ length: settings.size }, (_, i) => {
    if (deck.length === 0) deck.push(...lists.topics);
    const topic = deck.splice(Math.floor(random() * deck.length), 1)[0] as string;
    const snippet = snippets[i];
    return { topic, difficulty: pick(lists.difficulties), ...(snippet ? { snippet } : {}) };
  });
}

async function earlierSnippets(db: Queryable, limit: number): Promise<Snippet[]> {
  // At millions of samples `order by random()` over all of them is a full sort: sample pages first.
  const [estimate] = await db.query<{ n: number }>("select greatest(reltuples, 0)::int8 as n from pg_class where relname = 'samples'");
  const total = estimate?.n ?? 0;
  const sample = total > 100_000 ? `tablesample system (${Math.min(100, (100 * limit * 20) / total).toFixed(4)})` : '';
  const rows = await db.query<{ id: number; language: string; solution: string }>(
    `select id, language, solution from samples ${sample} order by random() limit $1`,
    [limit],
  );
  return rows.map((r) => ({ code: r.solution.slice(0, SNIPPET_MAX_CHARS), language: r.language, source: `sample:${r.id}` }));
}

async function fileSnippets(paths: string[], limit: number, random: () => number): Promise<Snippet[]> {
  const found: Snippet[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new FlywheelError('FLY_BAD_REQUEST', `seed path ${p} does not exist`);
    if (fs.statSync(p).isDirectory()) {
      for (const entry of fs.readdirSync(p, { recursive: true, withFileTypes: true })) {
        const language = EXTENSIONS[path.extname(entry.name)];
        if (!entry.isFile() || !language) continue;
        const file = path.join(entry.parentPath, entry.name);
        found.push({ code: fs.readFileSync(file, 'utf8').slice(0, SNIPPET_MAX_CHARS), language, source: `file:${file}` });
      }
    } else {
      let line = 0;
      for await (const text of readline.createInterface({ input: fs.createReadStream(p), crlfDelay: Infinity })) {
        line++;
        if (text.trim() === '') continue;
        const item = JSON.parse(text) as { code?: unknown; language?: unknown };
        if (typeof item.code !== 'string') throw new FlywheelError('FLY_BAD_REQUEST', `${p}:${line}: a seed line needs a "code" string`);
        found.push({ code: item.code.slice(0, SNIPPET_MAX_CHARS), language: typeof item.language === 'string' ? item.language : 'python', source: `${p}:${line}` });
      }
    }
  }
  // A seeded shuffle, then the first `limit`.
  for (let i = found.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [found[i], found[j]] = [found[j] as Snippet, found[i] as Snippet];
  }
  return found.slice(0, limit);
}

/** Reads benchmark JSONL files (a `prompt` or `text` field a line) into an n-gram index. */
export async function loadBenchmarks(files: string[], n: number): Promise<BenchmarkIndex | null> {
  if (files.length === 0) return null;
  const index = createBenchmarkIndex(n);
  for (const file of files) {
    if (!fs.existsSync(file)) throw new FlywheelError('FLY_BAD_REQUEST', `benchmark file ${file} does not exist`);
    let line = 0;
    for await (const text of readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })) {
      line++;
      if (text.trim() === '') continue;
      let item: Record<string, unknown>;
      try {
        item = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw new FlywheelError('FLY_BAD_REQUEST', `${file}:${line}: not JSON`);
      }
      const body = typeof item.prompt === 'string' ? item.prompt : typeof item.text === 'string' ? item.text : null;
      if (body === null) throw new FlywheelError('FLY_BAD_REQUEST', `${file}:${line}: needs a "prompt" or "text" string`);
      const id = String(item.task_id ?? item.id ?? `${path.basename(file)}:${line}`);
      addBenchmarkText(index, id, body);
    }
  }
  return index;
}
