// Judge stage: the same checkpoint answers two binary questions about a sample that passed its checks:
// is it correct, is it good style. Both must be 1 for the sample to be accepted.
import { judgeSchema, type JudgeAnswer, type PromptLanguage } from '../llm/index.ts';
import type { PipelineContext } from './context.ts';
import type { Journal } from './journal.ts';
import { structuredStep } from './steps.ts';

export async function judge(
  input: { language: PromptLanguage; problemText: string; solution: string; key: string },
  ctx: PipelineContext,
  journal: Journal,
): Promise<JudgeAnswer> {
  const template = ctx.prompts.judge;
  const prompt = template.render({ language: input.language, problem: input.problemText, solution: input.solution });
  const response = await structuredStep(ctx, journal, input.key, { stage: 'judge', language: input.language, prompt, promptVersion: template.version }, judgeSchema);
  // A judge that cannot give a usable answer does not accept: the sample goes back to revision.
  if (!response.ok) return { correct: 0, style: 0, reason: `the judge's answer was unusable: ${response.error.message}` };
  return response.value;
}
