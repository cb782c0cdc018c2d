// One problem, end to end: problem -> screen -> solution + tests -> revise/judge -> accept -> translate
// each accepted source sample -> revise/judge -> accept. Each step goes through the journal, so running this
// again on a problem after a crash replays what was done and continues where it stopped.
import { formatProblem, type GeneratedProblem, type PromptLanguage } from '../llm/index.ts';
import type { ProblemRow } from '../store/rounds.ts';
import type { PipelineContext } from './context.ts';
import { createJournal, type Journal } from './journal.ts';
import { generateProblem, screenProblem } from './problem.ts';
import { develop, type Developed } from './revise.ts';
import { writeSolutionAndTests } from './solution.ts';
import { translate } from './translate.ts';

export const SOURCE_LANGUAGE: PromptLanguage = 'python';

export interface ItemResult {
  status: 'accepted' | 'dropped' | 'failed';
  reason: string | null;
  fresh: Journal['fresh'];
}

export async function processProblem(row: ProblemRow, ctx: PipelineContext): Promise<ItemResult> {
  const recorded = await ctx.attempts.byProblem(row.id);
  const outcomes = await ctx.samples.outcomes(row.id);
  const journal = createJournal(ctx, row.id, recorded);
  const finish = async (status: ItemResult['status'], reason: string | null): Promise<ItemResult> => {
    await ctx.rounds.finish(row.id, status, reason);
    return { status, reason, fresh: journal.fresh };
  };

  await ctx.rounds.setStage(row.id, 'problem');
  const generated = await generateProblem(row, ctx, journal);
  if (!generated.ok) return finish('failed', generated.reason);
  const screening = await screenProblem(row, generated.problem, ctx, recorded);
  if (!screening.keep) return finish('dropped', screening.reason);

  const problem = generated.problem;
  const problemText = formatProblem(problem);

  // The source sample, unless an earlier run already settled it.
  let source = outcomes.get(SOURCE_LANGUAGE);
  let sourceSample: { id: number; solution: string; tests: string } | null = null;
  if (source?.outcome === 'accepted' && source.sample_id !== null) {
    const stored = await ctx.samples.get(source.sample_id);
    if (stored) sourceSample = { id: stored.id, solution: stored.solution, tests: stored.tests };
  } else if (!source) {
    await ctx.rounds.setStage(row.id, SOURCE_LANGUAGE);
    const written = await writeSolutionAndTests({ language: SOURCE_LANGUAGE, problemText, signature: problem.signature }, ctx, journal);
    const developed: Developed = written.ok
      ? await develop({ language: SOURCE_LANGUAGE, problemText, signature: problem.signature, solution: written.solution, tests: written.tests }, ctx, journal)
      : { outcome: 'failed', solution: '', tests: '', verdict: null, judge: null, revisions: 0, reason: written.reason, fixes: [] };
    const id = await settle(row, problem, SOURCE_LANGUAGE, developed, null, ctx, journal);
    source = { outcome: developed.outcome, sample_id: id, revisions: developed.revisions };
    if (id !== null) sourceSample = { id, solution: developed.solution, tests: developed.tests };
  }
  if (!sourceSample) return finish('failed', `no accepted ${SOURCE_LANGUAGE} sample (${source?.outcome ?? 'none'})`);

  // The target languages are independent of each other: they run side by side (the journal keys them apart).
  const targets = ctx.round.settings.languages.filter((target) => !outcomes.has(target));
  if (targets.length > 0) {
    await ctx.rounds.setStage(row.id, 'translate');
    ctx.events?.stage('translating');
  }
  const parent = sourceSample;
  await Promise.all(
    targets.map(async (target) => {
      const developed = await translate(
        { source: SOURCE_LANGUAGE, target, problemText, signature: problem.signature, solution: parent.solution, tests: parent.tests },
        ctx,
        journal,
      );
      await settle(row, problem, target, developed, parent.id, ctx, journal);
    }),
  );
  return finish('accepted', null);
}

/** Stores the end of one language: the accepted sample with its outcome, or the outcome alone. */
async function settle(
  row: ProblemRow,
  problem: GeneratedProblem,
  language: PromptLanguage,
  developed: Developed,
  parentId: number | null,
  ctx: PipelineContext,
  journal: Journal,
): Promise<number | null> {
  if (developed.outcome !== 'accepted' || !developed.verdict || !developed.judge) {
    await ctx.samples.recordOutcome({
      problemId: row.id, roundId: ctx.round.id, language, outcome: developed.outcome, revisions: developed.revisions, sampleId: null, reason: developed.reason,
    });
    return null;
  }
  const prefix = `${language}:`;
  const usage = journal.usage(prefix);
  const versions: Record<string, string> = { problem: ctx.prompts.problem.version, judge: ctx.prompts.judge.version, revise: ctx.prompts.revise.version };
  if (parentId === null) Object.assign(versions, { solution: ctx.prompts.solution.version, tests: ctx.prompts.tests.version });
  else versions.translate = ctx.prompts.translate.version;
  const judged = developed.judge;
  const id = await ctx.db.transaction((tx) =>
    ctx.samples.accept(tx, {
      problemId: row.id, roundId: ctx.round.id, checkpointId: ctx.round.checkpointId, parentId, language, topic: row.topic, difficulty: row.difficulty,
      problem, solution: developed.solution, tests: developed.tests,
      dialog: journal.turns(prefix).map(({ stage, role, content }) => ({ stage, role, content })),
      verdict: developed.verdict, judgeCorrect: judged.correct, judgeStyle: judged.style, revisions: developed.revisions,
      promptVersions: versions, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens,
    }),
  );
  ctx.events?.accepted(language);
  return id;
}
