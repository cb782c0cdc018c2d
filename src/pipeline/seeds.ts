// Seeding for diversity: each problem request draws a topic and a difficulty, and a share of them a code
// snippet to be "inspired by" — from earlier rounds' accepted samples first (so the data keeps moving into
// the long tail), then from seed files the user points at. Benchmark files are read here too, through the
// caps of inputs.ts (regular files, size, count); where they may be is checked when the round is requested.
import fs from 'node:fs';
import path from 'node:path';
import { FlywheelError } from '../errors.ts';
import type { Queryable } from '../store/db.ts';
import type { Seed } from '../store/rounds.ts';
import { randomSolutions } from '../store/samples.ts';
import { addBenchmarkText, createBenchmarkIndex, type BenchmarkIndex } from './dedup.ts';
import { fileBudget, fileCaps, listSeedFiles, readHead, readLines, type FileCaps } from './inputs.ts';
import type { RoundSettings } from './settings.ts';
import { seededRandom } from '../random.ts';

type Snippet = NonNullable<Seed['snippet']>;

const SNIPPET_MAX_CHARS = 2000;

export async function drawSeeds(
  db: Queryable,
  lists: { topics: string[]; difficulties: string[] },
  settings: RoundSettings,
  caps: FileCaps = fileCaps(),
): Promise<Seed[]> {
  const random = seededRandom(settings.seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
  const wanted = Math.round(settings.size * settings.snippetShare);
  const snippets = wanted > 0 ? await earlierSnippets(db, wanted) : [];
  if (snippets.length < wanted) snippets.push(...(await fileSnippets(settings.seedPaths, wanted - snippets.length, random, caps)));

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
  const rows = await randomSolutions(db, limit);
  return rows.map((r) => ({ code: r.solution.slice(0, SNIPPET_MAX_CHARS), language: r.language, source: `sample:${r.id}` }));
}

async function fileSnippets(paths: string[], limit: number, random: () => number, caps: FileCaps): Promise<Snippet[]> {
  const found: Snippet[] = [];
  const budget = fileBudget(caps);
  for (const p of paths) {
    const isDirectory = await fs.promises.stat(p).then((s) => s.isDirectory(), () => false);
    if (isDirectory) {
      for await (const { file, language } of listSeedFiles(p, p, caps, budget)) {
        // A UTF-16 unit is at most 4 bytes of UTF-8: this many bytes hold the snippet.
        found.push({ code: (await readHead('seed path', file, SNIPPET_MAX_CHARS * 4, caps)).slice(0, SNIPPET_MAX_CHARS), language, source: `file:${file}` });
      }
    } else {
      budget.take('seed path', p);
      let line = 0;
      for await (const text of readLines('seed path', p, caps)) {
        line++;
        if (text.trim() === '') continue;
        let item: { code?: unknown; language?: unknown };
        try {
          item = JSON.parse(text) as { code?: unknown; language?: unknown };
        } catch {
          throw new FlywheelError('FLY_BAD_REQUEST', `${p}:${line}: not JSON`);
        }
        if (typeof item?.code !== 'string') throw new FlywheelError('FLY_BAD_REQUEST', `${p}:${line}: a seed line needs a "code" string`);
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
export async function loadBenchmarks(files: string[], n: number, caps: FileCaps = fileCaps()): Promise<BenchmarkIndex | null> {
  if (files.length === 0) return null;
  const index = createBenchmarkIndex(n);
  const budget = fileBudget(caps);
  for (const file of files) {
    budget.take('benchmark file', file);
    let line = 0;
    for await (const text of readLines('benchmark file', file, caps)) {
      line++;
      if (text.trim() === '') continue;
      let item: Record<string, unknown> | null;
      try {
        item = JSON.parse(text) as Record<string, unknown> | null;
      } catch {
        throw new FlywheelError('FLY_BAD_REQUEST', `${file}:${line}: not JSON`);
      }
      const body = typeof item?.prompt === 'string' ? item.prompt : typeof item?.text === 'string' ? item.text : null;
      if (body === null) throw new FlywheelError('FLY_BAD_REQUEST', `${file}:${line}: needs a "prompt" or "text" string`);
      const id = String(item?.task_id ?? item?.id ?? `${path.basename(file)}:${line}`);
      addBenchmarkText(index, id, body);
    }
  }
  return index;
}
