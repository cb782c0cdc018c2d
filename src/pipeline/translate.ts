// Translation stage: an accepted source sample's solution AND tests go into a target language in one call;
// the translation is then checked, revised, judged and accepted on its own, linked to its parent.
import { parseTranslation, type PromptLanguage } from '../llm/index.ts';
import type { PipelineContext } from './context.ts';
import type { Journal } from './journal.ts';
import { develop, type Developed } from './revise.ts';
import { textStep } from './steps.ts';

export async function translate(
  input: { source: PromptLanguage; target: PromptLanguage; problemText: string; signature: string; solution: string; tests: string },
  ctx: PipelineContext,
  journal: Journal,
): Promise<Developed> {
  const template = ctx.prompts.translate;
  const prompt = template.render({
    source_language: input.source,
    target_language: input.target,
    problem: input.problemText,
    signature: input.signature,
    solution: input.solution,
    tests: input.tests,
  });
  const response = await textStep(ctx, journal, `${input.target}:translate`, { stage: 'translate', language: input.target, prompt, promptVersion: template.version }, (text) =>
    parseTranslation(text, input.target),
  );
  if (!response.ok) {
    return { outcome: 'failed', solution: '', tests: '', verdict: null, judge: null, revisions: 0, reason: `translation unusable: ${response.error.message}`, fixes: [] };
  }
  const translation = response.value;
  return develop(
    { language: input.target, problemText: input.problemText, signature: input.signature, solution: translation.solution, tests: translation.tests },
    ctx,
    journal,
  );
}
