// Asking for structured output in each mode, and reading the answer back the same way whatever the mode:
// a server may ignore the constraint, a `text` answer may wrap its JSON, so everything is parsed tolerantly
// and validated against the schema.
import { describeText, parseChoice, parseJsonLoose } from './parse.ts';
import { validate, type JsonSchema, type Schema } from './schema.ts';
import type { StructuredMode } from './settings.ts';
import type { StructuredChoice } from './types.ts';

/** Extra request fields that constrain the answer to `schema`. */
export function schemaRequest(mode: StructuredMode, schema: Schema<unknown>): Record<string, unknown> {
  switch (mode) {
    case 'json_schema':
      return { response_format: { type: 'json_schema', json_schema: { name: schema.name, schema: schema.json } } };
    case 'structured_outputs':
      return { structured_outputs: { json: schema.json } };
    case 'text':
      return {};
  }
}

/** Extra request fields that constrain the answer to one of `choices`. */
export function choiceRequest(mode: StructuredMode, choices: readonly string[]): Record<string, unknown> {
  switch (mode) {
    case 'json_schema': {
      const json: JsonSchema = { type: 'string', enum: choices };
      return { response_format: { type: 'json_schema', json_schema: { name: 'choice', schema: json } } };
    }
    case 'structured_outputs':
      return { structured_outputs: { choice: [...choices] } };
    case 'text':
      return {};
  }
}

function cutNote(finishReason: string): string {
  return finishReason === 'length' ? ' (the answer was cut off at max_tokens)' : '';
}

export function readStructured<T>(schema: Schema<T>, text: string, finishReason: string): StructuredChoice<T> {
  const parsed = parseJsonLoose(text);
  if (!parsed.ok) return { ok: false, error: parsed.error + cutNote(finishReason), raw: text };
  const errors = validate(schema.json, parsed.value);
  if (errors.length > 0) {
    const shown = errors.slice(0, 5).join('; ') + (errors.length > 5 ? `; and ${errors.length - 5} more` : '');
    return { ok: false, error: `the answer does not match the ${schema.name} schema: ${shown}${cutNote(finishReason)}`, raw: text };
  }
  return { ok: true, value: parsed.value as T, raw: text };
}

/**
 * A constrained answer must be exactly a choice (json_schema mode answers it as a JSON string, some servers
 * as a bare number); only `text` mode looks for the choice in prose, where a stray digit is a risk worth taking.
 */
export function readChoice(mode: StructuredMode, choices: readonly string[], text: string, finishReason: string): StructuredChoice<string> {
  try {
    const value: unknown = JSON.parse(text.trim());
    if ((typeof value === 'string' || typeof value === 'number') && choices.includes(String(value))) {
      return { ok: true, value: String(value), raw: text };
    }
  } catch {
    // not JSON: read it as text
  }
  if (mode !== 'text') {
    const bare = text.trim();
    if (choices.includes(bare)) return { ok: true, value: bare, raw: text };
    return { ok: false, error: `expected exactly one of ${choices.join(', ')} (${describeText(text)})${cutNote(finishReason)}`, raw: text };
  }
  const parsed = parseChoice(text, choices);
  return parsed.ok ? { ok: true, value: parsed.value, raw: text } : { ok: false, error: parsed.error + cutNote(finishReason), raw: text };
}
