// What /metrics reports from the database: whole-table aggregates, which the API caches for a few seconds so
// scrapes stay cheap.
import type { Queryable } from './db.ts';
import type { RoundStatus } from './rounds.ts';

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
