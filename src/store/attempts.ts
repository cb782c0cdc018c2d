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
       ok, error_code, prompt_tokens, completion_tokens, latency_ms, finish_reason)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15, $16)
     on conflict (problem_id, key) do nothing`,
    [
      a.problemId, a.roundId, a.checkpointId, a.key, a.kind, a.stage, a.language, a.promptVersion,
      JSON.stringify(a.request ?? null), JSON.stringify(a.response ?? null), a.ok, a.errorCode,
      a.promptTokens, a.completionTokens, a.latencyMs, a.finishReason,
    ],
  );
}

export type AttemptStore = ReturnType<typeof createAttemptStore>;
