// Accepted samples and the outcome of every (problem, language), written together so a crash can never
// leave one without the other.
import crypto from 'node:crypto';
import { FlywheelError } from '../errors.ts';
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
