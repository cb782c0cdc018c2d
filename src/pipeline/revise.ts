// The revision loop of one sample in one language: check; on failure (or a judge's 0) the model gets the
// problem, the faulty code and the feedback, and fixes the solution or the tests (it says which); up to the
// round's revision budget. Every turn is kept: the accepted dialog, failures included, is the training sample.
import { feedbackText, type Verdict } from '../checks/index.ts';
import { parseRevision, type JudgeAnswer, type PromptLanguage, type Revision } from '../llm/index.ts';
import type { Outcome } from '../store/samples.ts';
import type { PipelineContext } from './context.ts';
import type { Journal } from './journal.ts';
import { judge } from './judge.ts';
import { textStep } from './steps.ts';

export interface Draft {
  language: PromptLanguage;
  problemText: string;
  signature: string;
  solution: string;
  tests: string;
}

export interface Developed {
  outcome: Outcome;
  solution: string;
  tests: string;
  verdict: Verdict | null;
  judge: JudgeAnswer | null;
  revisions: number;
  /** Why it was not accepted. */
  reason: string | null;
  /** What each revision fixed, in order. */
  fixes: Revision['fixes'][];
}

export async function develop(draft: Draft, ctx: PipelineContext, journal: Journal): Promise<Developed> {
  const lang = draft.language;
  let { solution, tests } = draft;
  let verdict: Verdict | null = null;
  let verdictOfJudge: JudgeAnswer | null = null;
  const fixes: Revision['fixes'][] = [];
  const budget = ctx.round.settings.revisionBudget;

  for (let round = 0; ; round++) {
    verdict = await journal.check(`${lang}:check:${round}`, { language: lang, code: solution, tests }, feedbackText);
    let feedback: string;
    if (verdict.status === 'pass') {
      verdictOfJudge = await judge({ language: lang, problemText: draft.problemText, solution, key: `${lang}:judge:${round}` }, ctx, journal);
      if (verdictOfJudge.correct === 1 && verdictOfJudge.style === 1) {
        return { outcome: 'accepted', solution, tests, verdict, judge: verdictOfJudge, revisions: round, reason: null, fixes };
      }
      if (round >= budget) {
        return { outcome: 'judge_rejected', solution, tests, verdict, judge: verdictOfJudge, revisions: round, reason: verdictOfJudge.reason, fixes };
      }
      const which = [verdictOfJudge.correct === 0 ? 'correctness 0' : null, verdictOfJudge.style === 0 ? 'style 0' : null].filter(Boolean).join(', ');
      feedback = `The checks passed, but a reviewer judged the solution: ${which}.\nReviewer: ${verdictOfJudge.reason}`;
    } else {
      if (round >= budget) {
        return { outcome: 'failed', solution, tests, verdict, judge: null, revisions: round, reason: `checks still fail at ${verdict.stage} after ${round} revisions`, fixes };
      }
      feedback = feedbackText(verdict);
    }

    const template = ctx.prompts.revise;
    const prompt = template.render({ language: lang, problem: draft.problemText, signature: draft.signature, solution, tests, feedback });
    const response = await textStep(ctx, journal, `${lang}:revise:${round + 1}`, { stage: 'revise', language: lang, prompt, promptVersion: template.version }, (text) =>
      parseRevision(text, lang),
    );
    if (!response.ok) {
      return { outcome: 'failed', solution, tests, verdict, judge: verdictOfJudge, revisions: round, reason: `revision unusable: ${response.error.message}`, fixes };
    }
    const revision = response.value;
    fixes.push(revision.fixes);
    if (revision.fixes === 'solution') solution = revision.code;
    else tests = revision.code;
  }
}
