// Accepted samples and the outcome of every (problem, language), written together so a crash can never
// leave one without the other; and the samples read back: filtered keyset listings ("where <filters> and
// id > $after order by id limit n", so page 10,000 costs what page 1 costs), one sample with its checks and
// lineage, and earlier solutions for seeds.
import crypto from 'node:crypto';
import { FlywheelError } from '../errors.ts';
import type { SampleFilters } from '../schemas/sample-filters.ts';
import type { Queryable } from './db.ts';

export interface NewSample {
  problemId: number;
  roundId: number;
  checkpointId: number;
  parentId: number | null;
  language: string;
  topic: string;
  difficulty: string;
  problem: unknown;
  solution: string;
  tests: string;
  dialog: unknown[];
  verdict: unknown;
  judgeCorrect: 0 | 1;
  judgeStyle: 0 | 1;
  revisions: number;
  promptVersions: Record<string, string>;
  promptTokens: number;
  completionTokens: number;
}

export type Outcome = 'accepted' | 'failed' | 'judge_rejected' | 'error';

export interface SampleRow {
  id: number;
  problem_id: number;
  round_id: number;
  checkpoint_id: number;
  parent_id: number | null;
  language: string;
  topic: string;
  difficulty: string;
  problem: Record<string, unknown>;
  solution: string;
  tests: string;
  dialog: unknown[];
  verdict: Record<string, unknown>;
  judge_correct: number;
  judge_style: number;
  revisions: number;
  prompt_versions: Record<string, string>;
  prompt_tokens: number;
  completion_tokens: number;
  content_hash: string;
  created_at: Date;
}

export function contentHash(language: string, solution: string, tests: string): string {
  return crypto.createHash('sha256').update(`${language}\0${solution}\0${tests}`).digest('hex');
}

export function createSampleStore(db: Queryable) {
  return {
    /**
     * Stores an accepted sample (once per content hash) and its outcome; returns the sample id, which is
     * the existing one when a replay stores the same content again.
     */
    async accept(tx: Queryable, s: NewSample): Promise<number> {
      const hash = contentHash(s.language, s.solution, s.tests);
      const inserted = await tx.query<{ id: number }>(
        `insert into samples (problem_id, round_id, checkpoint_id, parent_id, language, topic, difficulty, problem, solution, tests,
           dialog, verdict, judge_correct, judge_style, revisions, prompt_versions, prompt_tokens, completion_tokens, content_hash)
         values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11::jsonb, $12::jsonb, $13, $14, $15, $16::jsonb, $17, $18, $19)
         on conflict (content_hash) do nothing
         returning id`,
        [
          s.problemId, s.roundId, s.checkpointId, s.parentId, s.language, s.topic, s.difficulty, JSON.stringify(s.problem),
          s.solution, s.tests, JSON.stringify(s.dialog), JSON.stringify(s.verdict), s.judgeCorrect, s.judgeStyle, s.revisions,
          JSON.stringify(s.promptVersions), s.promptTokens, s.completionTokens, hash,
        ],
      );
      const id = inserted[0]?.id ?? (await tx.query<{ id: number }>('select id from samples where content_hash = $1', [hash]))[0]?.id;
      if (id === undefined) throw new FlywheelError('FLY_DB_QUERY_FAILED', 'sample neither inserted nor found');
      await recordOutcome(tx, { problemId: s.problemId, roundId: s.roundId, language: s.language, outcome: 'accepted', revisions: s.revisions, sampleId: id, reason: null });
      return id;
    },

    recordOutcome: (o: OutcomeInput) => recordOutcome(db, o),

    async get(id: number): Promise<SampleRow | undefined> {
      const [row] = await db.query<SampleRow>('select * from samples where id = $1', [id]);
      return row;
    },

    async byRound(roundId: number): Promise<SampleRow[]> {
      return db.query<SampleRow>('select * from samples where round_id = $1 order by id', [roundId]);
    },

    async outcomes(problemId: number): Promise<Map<string, { outcome: Outcome; sample_id: number | null; revisions: number }>> {
      const rows = await db.query<{ language: string; outcome: Outcome; sample_id: number | null; revisions: number }>(
        'select language, outcome, sample_id, revisions from outcomes where problem_id = $1',
        [problemId],
      );
      return new Map(rows.map((r) => [r.language, r]));
    },
  };
}

interface OutcomeInput {
  problemId: number;
  roundId: number;
  language: string;
  outcome: Outcome;
  revisions: number;
  sampleId: number | null;
  reason: string | null;
}

async function recordOutcome(q: Queryable, o: OutcomeInput): Promise<void> {
  await q.query(
    `insert into outcomes (problem_id, language, round_id, outcome, revisions, sample_id, reason)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (problem_id, language) do nothing`,
    [o.problemId, o.language, o.roundId, o.outcome, o.revisions, o.sampleId, o.reason],
  );
}

export type SampleStore = ReturnType<typeof createSampleStore>;

/**
 * The filter conditions on `samples s`, taking parameters $1..$9 in the order of `sampleFilterParams`. One
 * static text for every combination: an absent filter is a null parameter the planner folds away.
 */
export const SAMPLE_FILTER_SQL = `($1::int8 is null or s.round_id = $1)
  and ($2::int8 is null or s.checkpoint_id = $2)
  and ($3::text is null or s.language = $3)
  and ($4::text is null or s.topic = $4)
  and ($5::text is null or s.difficulty = $5)
  and ($6::int2 is null or s.judge_correct = $6)
  and ($7::int2 is null or s.judge_style = $7)
  and ($8::int4 is null or s.revisions >= $8)
  and ($9::int8 is null or s.id > $9)
  and ($10::timestamptz is null or s.created_at > $10)`;

export const SAMPLE_FILTER_PARAMS = 10;

export function sampleFilterParams(f: SampleFilters): unknown[] {
  const since = f.since;
  return [
    f.round ?? null, f.checkpoint ?? null, f.language ?? null, f.topic ?? null, f.difficulty ?? null,
    f.judge_correct ?? null, f.judge_style ?? null, f.min_revisions ?? null,
    since && 'id' in since ? since.id : null,
    since && 'createdAt' in since ? since.createdAt.toISOString() : null,
  ];
}

/** A sample without its large columns (problem, solution, tests, dialog, verdict), with the problem's title. */
export type SampleSummaryRow = Pick<
  SampleRow,
  | 'id' | 'problem_id' | 'round_id' | 'checkpoint_id' | 'parent_id' | 'language' | 'topic' | 'difficulty' | 'judge_correct'
  | 'judge_style' | 'revisions' | 'prompt_tokens' | 'completion_tokens' | 'content_hash' | 'created_at'
> & { title: string | null };

/** One page of samples after id `after`, oldest first. */
export async function listSamples(db: Queryable, filters: SampleFilters, after: number, limit: number): Promise<SampleSummaryRow[]> {
  return db.query<SampleSummaryRow>(
    `select s.id, s.problem_id, s.round_id, s.checkpoint_id, s.parent_id, s.language, s.topic, s.difficulty,
       s.problem->>'title' as title, s.judge_correct, s.judge_style, s.revisions, s.prompt_tokens, s.completion_tokens,
       s.content_hash, s.created_at
     from samples s
     where ${SAMPLE_FILTER_SQL} and s.id > $${SAMPLE_FILTER_PARAMS + 1}
     order by s.id
     limit $${SAMPLE_FILTER_PARAMS + 2}`,
    [...sampleFilterParams(filters), after, limit],
  );
}

/** How many samples the filters select (the export's progress bar). */
export async function countSamples(db: Queryable, filters: SampleFilters): Promise<number> {
  const [row] = await db.query<{ n: number }>(`select count(*)::int8 as n from samples s where ${SAMPLE_FILTER_SQL}`, sampleFilterParams(filters));
  return row?.n ?? 0;
}

export interface CheckRow {
  id: number;
  key: string;
  stage: string;
  ok: boolean;
  verdict: Record<string, unknown> | null;
  latency_ms: number;
  created_at: string;
}

export interface SampleDetailRow extends SampleRow {
  /** Every check result of the sample's problem in its language, in the order they ran (failed ones included). */
  checks: CheckRow[];
  /** The sample it was translated from. */
  parent: { id: number; language: string } | null;
  /** The translations made from it. */
  translations: { id: number; language: string }[];
}

/** One sample with its checks and lineage, in one statement (one pooled connection, once). */
export async function sampleDetail(db: Queryable, id: number): Promise<SampleDetailRow | undefined> {
  const [row] = await db.query<SampleDetailRow>(
    `select s.*,
       coalesce((select json_agg(json_build_object('id', a.id, 'key', a.key, 'stage', a.stage, 'ok', a.ok, 'verdict', a.response,
                                                   'latency_ms', a.latency_ms, 'created_at', a.created_at) order by a.id)
                 from attempts a where a.problem_id = s.problem_id and a.language = s.language and a.kind = 'check'), '[]'::json) as checks,
       (select json_build_object('id', p.id, 'language', p.language) from samples p where p.id = s.parent_id) as parent,
       coalesce((select json_agg(json_build_object('id', t.id, 'language', t.language) order by t.id)
                 from samples t where t.parent_id = s.id), '[]'::json) as translations
     from samples s where s.id = $1`,
    [id],
  );
  return row;
}

/** Up to `limit` stored solutions picked at random (the seeds of a round's problems). */
export async function randomSolutions(db: Queryable, limit: number): Promise<{ id: number; language: string; solution: string }[]> {
  // At millions of samples `order by random()` over all of them is a full sort: sample pages first.
  const [estimate] = await db.query<{ n: number }>("select greatest(reltuples, 0)::int8 as n from pg_class where relname = 'samples'");
  const total = estimate?.n ?? 0;
  const pages = total > 100_000 ? `tablesample system (${Math.min(100, (100 * limit * 20) / total).toFixed(4)})` : '';
  return db.query(`select id, language, solution from samples ${pages} order by random() limit $1`, [limit]);
}
