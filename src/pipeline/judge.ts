// Judge stage: the same checkpoint answers two binary questions about a sample that passed its checks:
// is it correct, is it good style. Both must be 1 for the sample to be accepted.
import { judgeSchema, type JudgeAnswer, type PromptLanguage } from '../llm/index.ts';
import type { PipelineContext } from './context.ts';
import type { Journal, StepResponse } from './journal.ts';
import { withRetries } from './steps.ts';

export async function judge(
  input: { language: PromptLanguage; problemText: string; solution: string; key: string },
  ctx: PipelineContext,
  journal: Journal,
): Promise<JudgeAnswer> {
  const template = ctx.prompts.judge;
  const prompt = template.render({ language: input.language, problem: input.problemText, solution: input.solution });
  const response = await withRetries(ctx, input.key, (key) =>
    journal.llm(key, { stage: 'judge', language: input.language, promptVersion: template.version, prompt }, async () => {
      const out = await ctx.llm.structured({ stage: 'judge', messages: prompt, schema: judgeSchema, promptVersion: template.version, signal: ctx.signal });
      const response: StepResponse = out.ok
        ? { ok: true, text: out.choices.find((c) => c.ok)?.raw ?? '', value: out.value }
        : { ok: false, error: { code: out.error.code, message: out.error.message } };
      return { response, record: out.record };
    }),
  );
  // A judge that cannot give a usable answer does not accept: the sample goes back to revision.
  if (!response.ok) return { correct: 0, style: 0, reason: `the judge's answer was unusable: ${response.error.message}` };
  return response.value as JudgeAnswer;
}
