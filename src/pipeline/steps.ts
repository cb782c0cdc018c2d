// Shared step shapes: asking again when an answer is unusable, and code answers.
import type { PromptLanguage, Schema, Stage } from '../llm/index.ts';
import type { PipelineContext } from './context.ts';
import type { Journal, StepResponse } from './journal.ts';

/**
 * Runs a step under `key`, and again under `key#2`, `key#3`, ... while its answer is unusable, up to the
 * round's malformedRetries. Each try is its own journal entry, so a replay takes the same tries.
 */
export async function withRetries<T>(
  ctx: PipelineContext,
  key: string,
  step: (key: string) => Promise<StepResponse<T>>,
): Promise<StepResponse<T>> {
  let response = await step(key);
  for (let i = 2; !response.ok && i <= ctx.round.settings.malformedRetries + 1; i++) {
    response = await step(`${key}#${i}`);
  }
  return response;
}

/** A model call whose answer is one piece of code in `language`. */
export function codeStep(
  ctx: PipelineContext,
  journal: Journal,
  key: string,
  stage: Extract<Stage, 'solution' | 'tests'>,
  language: PromptLanguage,
  prompt: string,
  promptVersion: string,
): Promise<StepResponse> {
  return withRetries(ctx, key, (k) =>
    journal.llm(k, { stage, language, promptVersion, prompt }, async () => {
      const out = await ctx.llm.code({ stage, language, messages: prompt, promptVersion, signal: ctx.signal });
      const response: StepResponse = out.ok
        ? { ok: true, text: out.text, code: out.code, truncated: out.truncated, value: undefined }
        : { ok: false, error: { code: out.error.code, message: out.error.message } };
      return { response, record: out.record };
    }),
  );
}

/** A model call whose answer is JSON validated against `schema`. */
export function structuredStep<T>(
  ctx: PipelineContext,
  journal: Journal,
  key: string,
  meta: { stage: Extract<Stage, 'problem' | 'judge'>; language: PromptLanguage | null; prompt: string; promptVersion: string },
  schema: Schema<T>,
): Promise<StepResponse<T>> {
  return withRetries(ctx, key, (k) =>
    journal.llm(k, { stage: meta.stage, language: meta.language, promptVersion: meta.promptVersion, prompt: meta.prompt }, async () => {
      const out = await ctx.llm.structured({ stage: meta.stage, messages: meta.prompt, schema, promptVersion: meta.promptVersion, signal: ctx.signal });
      const response: StepResponse<T> = out.ok
        ? { ok: true, text: out.choices.find((c) => c.ok)?.raw ?? '', value: out.value }
        : { ok: false, error: { code: out.error.code, message: out.error.message } };
      return { response, record: out.record };
    }),
  );
}

/** A model call answered in free text, read by `parse`; a parse failure is an unusable answer. */
export function textStep<T>(
  ctx: PipelineContext,
  journal: Journal,
  key: string,
  meta: { stage: Extract<Stage, 'revise' | 'translate'>; language: PromptLanguage; prompt: string; promptVersion: string },
  parse: (text: string) => { ok: true; value: T } | { ok: false; error: string },
): Promise<StepResponse<T>> {
  return withRetries(ctx, key, (k) =>
    journal.llm(k, { stage: meta.stage, language: meta.language, promptVersion: meta.promptVersion, prompt: meta.prompt }, async () => {
      const out = await ctx.llm.complete({ stage: meta.stage, messages: meta.prompt, promptVersion: meta.promptVersion, signal: ctx.signal });
      if (!out.ok) return { response: { ok: false, error: { code: out.error.code, message: out.error.message } }, record: out.record };
      const parsed = parse(out.text);
      const response: StepResponse<T> = parsed.ok
        ? { ok: true, text: out.text, value: parsed.value }
        : { ok: false, error: { code: 'FLY_LLM_MALFORMED', message: parsed.error }, text: out.text };
      return { response, record: out.record };
    }),
  );
}
