import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { drawSeeds, loadBenchmarks } from '../../src/pipeline/seeds.ts';
import { resolveRoundSettings } from '../../src/pipeline/settings.ts';
import { isFlywheelError } from '../../src/errors.ts';
import { openTestDb } from '../helpers/db.ts';

const lists = { topics: ['arrays', 'graphs', 'strings', 'heaps', 'tries'], difficulties: ['easy', 'medium', 'hard'] };

describe('seeding', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-seeds-'));
    dirs.push(d);
    return d;
  };

  it('deals every topic before repeating one, and the same seed draws the same round', async () => {
    const t = await openTestDb('pglite');
    try {
      const settings = resolveRoundSettings({ size: 10, snippetShare: 0, seed: 42 });
      const a = await drawSeeds(t.db, lists, settings);
      const b = await drawSeeds(t.db, lists, settings);
      assert.deepEqual(a, b);
      assert.equal(new Set(a.slice(0, 5).map((s) => s.topic)).size, 5);
      assert.equal(new Set(a.slice(5).map((s) => s.topic)).size, 5);
      assert.notDeepEqual(a, await drawSeeds(t.db, lists, { ...settings, seed: 43 }));
    } finally {
      await t.cleanup();
    }
  });

  it('takes snippets from earlier accepted samples first, then from seed files', async () => {
    const t = await openTestDb('pglite');
    try {
      const [cp] = await t.db.query<{ id: number }>("insert into checkpoints (name, base_url, model) values ('c', 'http://127.0.0.1:1/v1', 'm') returning id");
      const [round] = await t.db.query<{ id: number }>('insert into rounds (checkpoint_id) values ($1) returning id', [cp?.id]);
      const [problem] = await t.db.query<{ id: number }>("insert into problems (round_id, seq, seed, topic, difficulty) values ($1, 1, '{}'::jsonb, 'a', 'easy') returning id", [round?.id]);
      await t.db.query(
        `insert into samples (problem_id, round_id, checkpoint_id, language, topic, difficulty, problem, solution, tests, dialog, verdict, judge_correct, judge_style, content_hash)
         values ($1, $2, $3, 'python', 'a', 'easy', '{}'::jsonb, 'def earlier(): pass', 't', '[]'::jsonb, '{}'::jsonb, 1, 1, 'x')`,
        [problem?.id, round?.id, cp?.id],
      );
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'a.py'), 'def from_file(): pass\n');
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not code');
      const jsonl = path.join(dir, 'seeds.jsonl');
      fs.writeFileSync(jsonl, `${JSON.stringify({ code: 'function fromJsonl() {}', language: 'javascript' })}\n`);
      const seeds = await drawSeeds(t.db, lists, resolveRoundSettings({ size: 4, snippetShare: 0.75, seedPaths: [dir, jsonl] }));
      const sources = seeds.map((s) => s.snippet?.source.split(':')[0]);
      assert.deepEqual(sources.slice(0, 1), ['sample']);
      assert.deepEqual(sources.slice(1, 3).sort(), [jsonl.split(':')[0], 'file']);
      assert.equal(seeds[3]?.snippet, undefined, 'a quarter of the problems have no snippet');
    } finally {
      await t.cleanup();
    }
  });

  it('a benchmark file with a line that is not JSON stops with the file and line named', async () => {
    const file = path.join(tempDir(), 'bench.jsonl');
    fs.writeFileSync(file, '{"task_id": "a", "prompt": "one two three"}\n{broken\n');
    await assert.rejects(loadBenchmarks([file], 10), (err) => isFlywheelError(err, 'FLY_BAD_REQUEST') && /bench\.jsonl:2: not JSON/.test(err.message));
  });

  it('round settings name every wrong field', () => {
    assert.throws(
      () => resolveRoundSettings({ size: 0, languages: ['cobol' as never], dedupThreshold: 2 }),
      (err) => isFlywheelError(err, 'FLY_BAD_REQUEST') && /size/.test(err.message) && /cobol/.test(err.message) && /dedupThreshold/.test(err.message),
    );
  });
});
