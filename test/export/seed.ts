// Generated samples for export tests and the benchmark: a checkpoint, a round, one problem, and `n` samples
// made by one `insert ... select generate_series` statement, so 100k rows take seconds, not minutes.
import type { Queryable } from '../../src/store/db.ts';

export interface Seeded {
  checkpointId: number;
  roundId: number;
  problemId: number;
}

/** A checkpoint and a round with one problem, to hang generated samples on. */
export async function seedRound(db: Queryable, name = `gen-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`): Promise<Seeded> {
  const [checkpoint] = await db.query<{ id: number }>(
    `insert into checkpoints (name, base_url, model) values ($1, 'http://127.0.0.1:1/v1', 'gen') returning id`,
    [name],
  );
  const [round] = await db.query<{ id: number }>(
    `insert into rounds (checkpoint_id, status, settings) values ($1, 'done', '{}'::jsonb) returning id`,
    [checkpoint?.id],
  );
  const [problem] = await db.query<{ id: number }>(
    `insert into problems (round_id, seq, seed, topic, difficulty, status, stage, title)
     values ($1, 1, '{"topic":"arrays","difficulty":"easy"}'::jsonb, 'arrays', 'easy', 'accepted', 'done', 'Generated')
     returning id`,
    [round?.id],
  );
  return { checkpointId: checkpoint?.id as number, roundId: round?.id as number, problemId: problem?.id as number };
}

/**
 * `n` samples numbered from `from`: languages, topics, difficulties and judge scores cycle; each has a
 * problem, a solution, tests and a five-turn dialog with a checker turn (about 1 KiB a row in all).
 */
export async function insertSamples(db: Queryable, seeded: Seeded, n: number, from = 1): Promise<void> {
  await db.query(
    `insert into samples (problem_id, round_id, checkpoint_id, parent_id, language, topic, difficulty, problem, solution, tests,
       dialog, verdict, judge_correct, judge_style, revisions, prompt_versions, prompt_tokens, completion_tokens, content_hash)
     select $1, $2, $3, null,
       (array['python', 'php', 'typescript'])[1 + i % 3],
       (array['arrays', 'graphs', 'strings', 'dp'])[1 + i % 4],
       (array['easy', 'medium', 'hard'])[1 + i % 3],
       jsonb_build_object('title', 'Problem ' || i, 'statement', 'Given a list of numbers, return the sum of the ' || i || ' largest ones.',
         'signature', 'def solve(nums: list[int]) -> int', 'examples', jsonb_build_array(jsonb_build_object('input', '[1, 2, 3]', 'output', '6')),
         'constraints', jsonb_build_array('1 <= len(nums) <= 10^5'), 'difficulty', 'easy', 'tags', jsonb_build_array('arrays')),
       'def solve(nums: list[int]) -> int:' || chr(10) || '    # "sum" them all, sample ' || i || chr(10) || '    return sum(nums)' || chr(10),
       'assert solve([1, 2, 3]) == 6' || chr(10) || 'assert solve([' || i || ']) == ' || i || chr(10),
       jsonb_build_array(
         jsonb_build_object('stage', 'solution', 'role', 'user', 'content', 'Solve the exercise ' || i || '.'),
         jsonb_build_object('stage', 'solution', 'role', 'assistant', 'content', 'def solve(nums):' || chr(10) || '    return sum(nums) + 1'),
         jsonb_build_object('stage', 'verify', 'role', 'checker', 'content', 'test_sum failed: assert 7 == 6'),
         jsonb_build_object('stage', 'revise', 'role', 'user', 'content', 'Fix the solution.'),
         jsonb_build_object('stage', 'revise', 'role', 'assistant', 'content', 'def solve(nums):' || chr(10) || '    return sum(nums)')),
       jsonb_build_object('status', 'pass', 'stage', null, 'tests', jsonb_build_object('passed', 11, 'failed', 0)),
       (i % 2)::int2, ((i / 2) % 2)::int2, i % 4,
       '{"solution":"abc123","judge":"def456"}'::jsonb, 300 + i % 50, 200 + i % 70,
       encode(sha256(convert_to('sample ' || i, 'UTF8')), 'hex')
     from generate_series($4::int8, $4::int8 + $5::int8 - 1) as i`,
    [seeded.problemId, seeded.roundId, seeded.checkpointId, from, n],
  );
}
