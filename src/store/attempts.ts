// Every model call and check result of a problem, keyed so that replaying a problem after a crash finds
// what was already done (and paid for) instead of doing it again.
import type { Queryable } from './db.ts';

export interface AttemptInput {
  problemId: number;
  roundId: number;
  checkpointId: number | null;
  key: string;
  kind: 'llm' | 'check';
  stage: string;
  language: string | null;
  promptVersion: string | null;
  request: unknown;
  response: unknown;
  ok: boolean;
  errorCode: string | null;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  finishReason: string | null;
  /**
   * When the call ended, written as `created_at` (default: the insert's `now()`, which is its transaction's
   * start). The call ran over [created_at - latency_ms, created_at]: the round summary's busy shares rest on it.
   */
  endedAt?: Date;
}

export interface AttemptRow {
  id: number;
  key: string;
  kind: 'llm' | 'check';
  stage: string;
  language: string | null;
  response: unknown;
  ok: boolean;
  error_code: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  latency_ms: number;
}

export function createAttemptStore(db: Queryable) {
  return {
    /** The attempts already recorded for a problem, by key. */
    async byProblem(problemId: number): Promise<Map<string, AttemptRow>> {
      const rows = await db.query<AttemptRow>(
        `select id, key, kind, stage, language, response, ok, error_code, prompt_tokens, completion_tokens, latency_ms
         from attempts where problem_id = $1 order by id`,
        [problemId],
      );
      return new Map(rows.map((r) => [r.key, r]));
    },

    /** Records an attempt once; a second record under the same key (a replay racing a dead worker) is ignored. */
    record: (a: AttemptInput) => recordAttempt(db, a),
    /** The same, inside a caller's transaction. */
    recordIn: (tx: Queryable, a: AttemptInput) => recordAttempt(tx, a),
  };
}

async function recordAttempt(db: Queryable, a: AttemptInput): Promise<void> {
  await db.query(
    `insert into attempts (problem_id, round_id, checkpoint_id, key, kind, stage, language, prompt_version, request, response,
       ok, error_code, prompt_tokens, completion_tokens, latency_ms, finish_reason, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15, $16, coalesce($17::timestamptz, now()))
     on conflict (problem_id, key) do nothing`,
    [
      a.problemId, a.roundId, a.checkpointId, a.key, a.kind, a.stage, a.language, a.promptVersion,
      JSON.stringify(a.request ?? null), JSON.stringify(a.response ?? null), a.ok, a.errorCode,
      a.promptTokens, a.completionTokens, a.latencyMs, a.finishReason, a.endedAt?.toISOString() ?? null,
    ],
  );
}

export interface StageBusy {
  stage: string;
  calls: number;
  /** The calls' durations added up (clipped like busy_ms): overlapping calls count twice. */
  sum_ms: number;
  /** The union of the calls' intervals: the time at least one call of the stage was running. */
  busy_ms: number;
}

/**
 * Per stage of a round, how long at least one of its calls was running, within [from, to] (the round's wall
 * time; an interval reaching outside, e.g. from another host's clock, is clipped to it). One pass over the
 * attempts ordered by start: each call adds the part of its interval that ends after every earlier-starting
 * call of its stage has ended, which adds up to the union. The jsonb columns are never read.
 */
export async function busyByStage(db: Queryable, roundId: number, window: { from: Date; to: Date }): Promise<StageBusy[]> {
  return db.query<StageBusy>(
    `with spans as (
       select stage,
         greatest(created_at - latency_ms * interval '1 millisecond', $2::timestamptz) as s,
         least(created_at, $3::timestamptz) as e
       from attempts where round_id = $1
     ), ordered as (
       select stage, s, e,
         max(e) over (partition by stage order by s, e rows between unbounded preceding and 1 preceding) as covered_to
       from spans
     )
     select stage, count(*)::int8 as calls,
       coalesce(sum(greatest(extract(epoch from e - s), 0)), 0)::float8 * 1000 as sum_ms,
       coalesce(sum(greatest(extract(epoch from e - greatest(s, coalesce(covered_to, s))), 0)), 0)::float8 * 1000 as busy_ms
     from ordered group by stage order by stage`,
    [roundId, window.from.toISOString(), window.to.toISOString()],
  );
}

export type AttemptStore = ReturnType<typeof createAttemptStore>;
