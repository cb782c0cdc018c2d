// Problem stage: the model writes a problem (structured JSON), then it is screened before any more tokens
// are spent: benchmark contamination, exact duplicate, near-duplicate of any problem ever stored.
import type { GeneratedProblem } from '../llm/index.ts';
import { problemSchema } from '../llm/index.ts';
import type { Queryable } from '../store/db.ts';
import type { AttemptRow } from '../store/attempts.ts';
import { indexProblem, lockScreening, sameStatement, saveScreened, sharingBuckets } from '../store/problems.ts';
import type { ProblemRow } from '../store/rounds.ts';
import type { PipelineContext } from './context.ts';
import { contaminatedBy, jaccard, lshBuckets, minhash, shingles, statementHash } from './dedup.ts';
import type { Journal } from './journal.ts';
import { structuredStep } from './steps.ts';

export async function generateProblem(
  row: ProblemRow,
  ctx: PipelineContext,
  journal: Journal,
): Promise<{ ok: true; problem: GeneratedProblem } | { ok: false; reason: string }> {
  const template = ctx.prompts.problem;
  const snippet = row.seed.snippet;
  const prompt = template.render({
    topic: row.topic,
    difficulty: row.difficulty,
    snippet: snippet?.code ?? '',
    snippet_language: snippet?.language ?? '',
  });
  const response = await structuredStep(ctx, journal, 'problem', { stage: 'problem', language: null, prompt, promptVersion: template.version }, problemSchema);
  if (!response.ok) return { ok: false, reason: `problem answer unusable: ${response.error.message}` };
  return { ok: true, problem: response.value };
}

export type Screening = { keep: true } | { keep: false; reason: string };

/**
 * Screens a generated problem and, if kept, indexes it for the problems after it. The decision is recorded
 * as the problem's `screen` attempt in the same transaction, so a replay finds it instead of deciding again
 * (against an index that by then holds the problem itself).
 */
export async function screenProblem(
  row: ProblemRow,
  problem: GeneratedProblem,
  ctx: PipelineContext,
  recorded: Map<string, AttemptRow>,
): Promise<Screening> {
  const done = recorded.get('screen');
  if (done) return done.response as Screening;

  const hash = statementHash(problem.statement);
  const contamination = ctx.benchmarks ? contaminatedBy(ctx.benchmarks, `${problem.title}\n${problem.statement}`) : null;
  const sig = minhash(shingles(problem.statement));
  const buckets = lshBuckets(sig);

  return ctx.db.transaction(async (tx) => {
    await lockScreening(tx);
    let screening: Screening = { keep: true };
    if (contamination !== null) {
      screening = { keep: false, reason: `contaminated: shares a ${ctx.round.settings.ngram}-word run with benchmark item ${contamination}` };
    } else {
      const duplicate = await findDuplicate(tx, row.id, problem.statement, hash, buckets, ctx.round.settings.dedupThreshold);
      if (duplicate) screening = { keep: false, reason: duplicate };
    }
    await saveScreened(tx, row.id, problem, hash);
    if (screening.keep) await indexProblem(tx, row.id, buckets);
    await ctx.attempts.recordIn(tx, {
      problemId: row.id, roundId: ctx.round.id, checkpointId: null, key: 'screen', kind: 'check', stage: 'screen', language: null,
      promptVersion: null, request: { statementHash: hash }, response: screening, ok: screening.keep, errorCode: null,
      promptTokens: 0, completionTokens: 0, latencyMs: 0, finishReason: null,
    });
    return screening;
  });
}

async function findDuplicate(
  tx: Queryable,
  selfId: number,
  statement: string,
  hash: string,
  buckets: number[],
  threshold: number,
): Promise<string | null> {
  const exact = await sameStatement(tx, hash, selfId);
  if (exact !== undefined) return `duplicate: same statement as problem ${exact}`;
  const candidates = await sharingBuckets(tx, buckets, selfId);
  const mine = shingles(statement);
  for (const c of candidates) {
    const similarity = jaccard(mine, shingles(c.statement));
    if (similarity >= threshold) return `near-duplicate: Jaccard ${similarity.toFixed(2)} with problem ${c.id}`;
  }
  return null;
}
