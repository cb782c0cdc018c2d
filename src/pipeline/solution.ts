// Solution and tests stages: the model writes a solution in the source language (reasoning as comments),
// then, in a separate call, unit tests for the problem and that solution.
import type { PromptLanguage } from '../llm/index.ts';
import type { PipelineContext } from './context.ts';
import type { Journal } from './journal.ts';
import { codeStep } from './steps.ts';

export async function writeSolutionAndTests(
  input: { language: PromptLanguage; problemText: string; signature: string },
  ctx: PipelineContext,
  journal: Journal,
): Promise<{ ok: true; solution: string; tests: string } | { ok: false; reason: string }> {
  const lang = input.language;
  const solutionPrompt = ctx.prompts.solution.render({ language: lang, problem: input.problemText, signature: input.signature });
  const solution = await codeStep(ctx, journal, `${lang}:solution`, 'solution', lang, solutionPrompt, ctx.prompts.solution.version);
  if (!solution.ok) return { ok: false, reason: `solution answer unusable: ${solution.error.message}` };

  const testsPrompt = ctx.prompts.tests.render({ language: lang, problem: input.problemText, signature: input.signature, solution: solution.code ?? '' });
  const tests = await codeStep(ctx, journal, `${lang}:tests`, 'tests', lang, testsPrompt, ctx.prompts.tests.version);
  if (!tests.ok) return { ok: false, reason: `tests answer unusable: ${tests.error.message}` };
  return { ok: true, solution: solution.code ?? '', tests: tests.code ?? '' };
}
