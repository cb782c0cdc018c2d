// The queries behind the API's resources that the stores do not have: filtered keyset listings, a sample's
// checks and lineage, round control (cancel, reopen) and the scheduler's lock. Listings are keyset pages
// ("where <filters> and id > $after order by id limit n"), so page 10,000 costs what page 1 costs.
import type { Queryable } from './db.ts';
import type { RoundRow, RoundStatus } from './rounds.ts';
import type { SampleRow } from './samples.ts';

/** Filters of sample listings and exports. `since` is a sample id or a creation time (both exclusive). */
export interface SampleFilters {
  round?: number;
  checkpoint?: number;
  language?: string;
  topic?: string;
  difficulty?: string;
  judgeCorrect?: 0 | 1;
  judgeStyle?: 0 | 1;
  minRevisions?: number;
  since?: { id: number } | { createdAt: Date };
}

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
    f.judgeCorrect ?? null, f.judgeStyle ?? null, f.minRevisions ?? null,
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

/** Rounds newest first, before id `before` (a keyset page). */
export async function listRounds(db: Queryable, filters: { status?: RoundStatus; checkpoint?: number }, before: number | null, limit: number): Promise<RoundRow[]> {
  return db.query<RoundRow>(
    `select * from rounds
     where ($1::text is null or status = $1) and ($2::int8 is null or checkpoint_id = $2) and ($3::int8 is null or id < $3)
     order by id desc limit $4`,
    [filters.status ?? null, filters.checkpoint ?? null, before, limit],
  );
}

/** Cancels a round that is still open; undefined when it is not (done, failed, cancelled or unknown). */
export async function cancelRound(db: Queryable, id: number): Promise<RoundRow | undefined> {
  const [row] = await db.query<RoundRow>(
    `update rounds set status = 'cancelled', finished_at = now()
     where id = $1 and status in ('pending', 'running') returning *`,
    [id],
  );
  return row;
}

/** Puts a cancelled or failed round back to running; undefined when it is in neither state. */
export async function reopenRound(db: Queryable, id: number): Promise<RoundRow | undefined> {
  const [row] = await db.query<RoundRow>(
    `update rounds set status = 'running', finished_at = null, started_at = coalesce(started_at, now())
     where id = $1 and status in ('cancelled', 'failed') returning *`,
    [id],
  );
  return row;
}

/** Ids of the rounds workers should be working on. */
export async function runningRoundIds(db: Queryable): Promise<number[]> {
  const rows = await db.query<{ id: number }>(`select id from rounds where status = 'running' order by id`);
  return rows.map((r) => r.id);
}

// Any fixed number shared by every replica: whoever holds it decides whether the scheduled round starts.
const SCHEDULE_LOCK = 7_301_002;

/** Inside the caller's transaction: true when this transaction now holds the schedule lock (never waits). */
export async function tryScheduleLock(tx: Queryable): Promise<boolean> {
  const [row] = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1::bigint) as locked', [SCHEDULE_LOCK]);
  return row?.locked === true;
}

/** The oldest round still pending or running, if any. */
export async function openRound(tx: Queryable): Promise<{ id: number; status: RoundStatus } | undefined> {
  const [row] = await tx.query<{ id: number; status: RoundStatus }>(
    `select id, status from rounds where status in ('pending', 'running') order by id limit 1`,
  );
  return row;
}

/** The current checkpoint's id, if one is current. */
export async function currentCheckpointId(tx: Queryable): Promise<number | undefined> {
  const [row] = await tx.query<{ id: number }>('select id from checkpoints where is_current');
  return row?.id;
}

// /metrics. Whole-table aggregates: the API caches them for a few seconds so scrapes stay cheap.

export async function roundsByStatus(db: Queryable): Promise<{ status: RoundStatus; n: number }[]> {
  return db.query('select status, count(*)::int8 as n from rounds group by status order by status');
}

/** Problems of pending and running rounds by stage and status: the work in progress. */
export async function openProblemsByStage(db: Queryable): Promise<{ stage: string; status: string; n: number }[]> {
  return db.query(
    `select p.stage, p.status, count(*)::int8 as n from problems p join rounds r on r.id = p.round_id
     where r.status in ('pending', 'running') group by p.stage, p.status order by p.stage, p.status`,
  );
}

export async function samplesByLanguage(db: Queryable): Promise<{ language: string; n: number }[]> {
  return db.query('select language, count(*)::int8 as n from samples group by language order by language');
}

export interface ModelCallRow {
  stage: string;
  ok: boolean;
  /** 0-based: latency_ms <= bounds[bucket] (bucket = bounds.length: above every bound). */
  bucket: number;
  n: number;
  prompt_tokens: number;
  completion_tokens: number;
  latency_ms: number;
}

/**
 * Model calls by stage, success and latency bucket, with their tokens and summed latency. `bounds` are the
 * histogram's upper bounds in whole ms, ascending; width_bucket counts thresholds <= x, and the thresholds
 * are bound + 1, so bucket i holds bounds[i-1] < latency <= bounds[i].
 */
export async function modelCalls(db: Queryable, boundsMs: number[]): Promise<ModelCallRow[]> {
  return db.query<ModelCallRow>(
    `select stage, ok, width_bucket(latency_ms, $1::int4[]) as bucket, count(*)::int8 as n,
       sum(prompt_tokens)::int8 as prompt_tokens, sum(completion_tokens)::int8 as completion_tokens, sum(latency_ms)::int8 as latency_ms
     from attempts where kind = 'llm' group by 1, 2, 3 order by 1, 2, 3`,
    [boundsMs.map((b) => b + 1)],
  );
}
