// Sampling settings per pipeline stage, with defaults, validated once when a client is created.
// The service's config does not carry these yet; `parseStageSettings` turns a JSON override (for example
// from an environment variable) into the same shape so the wiring stays a one-liner.
import { FlywheelError } from '../errors.ts';

export const stages = ['problem', 'solution', 'tests', 'revise', 'translate', 'judge'] as const;
export type Stage = (typeof stages)[number];

/**
 * How a stage that needs JSON (problem, judge) asks for it.
 * - `json_schema`: OpenAI's `response_format: { type: 'json_schema', json_schema }` (vLLM supports it too).
 * - `structured_outputs`: vLLM >= 0.12 extra body `structured_outputs: { json }` or `{ choice }`.
 * - `text`: no constraint; the prompt asks for JSON and the answer is parsed tolerantly.
 * Whatever the mode, the answer is validated against the schema afterwards.
 */
export const structuredModes = ['json_schema', 'structured_outputs', 'text'] as const;
export type StructuredMode = (typeof structuredModes)[number];

export interface LlmStageSettings {
  /** 0..2 */
  temperature: number;
  /** (0, 1] */
  topP: number;
  /** Completion tokens per choice. */
  maxTokens: number;
  /** Choices per request (1..16). */
  n: number;
  /** Sampling seed; null lets the server choose. */
  seed: number | null;
  /** Stop sequences (at most 4, as OpenAI allows). */
  stop: readonly string[];
  /** vLLM only (sent in the extra body): null leaves the server default. */
  topK: number | null;
  minP: number | null;
  repetitionPenalty: number | null;
}

// Low temperature where an answer is checked for correctness, higher where variety is the point.
const code: LlmStageSettings = {
  temperature: 0.2, topP: 0.95, maxTokens: 2048, n: 1, seed: null, stop: [], topK: null, minP: null, repetitionPenalty: null,
};

export const defaultStageSettings: Readonly<Record<Stage, LlmStageSettings>> = Object.freeze({
  problem: { ...code, temperature: 0.9, maxTokens: 1536 },
  solution: code,
  tests: code,
  revise: code,
  translate: { ...code, maxTokens: 3072 },
  judge: { ...code, temperature: 0, maxTokens: 256 },
});

export type StageSettingsOverrides = Partial<Record<Stage, Partial<LlmStageSettings>>>;

/** Problems with one stage's settings, each naming the field; empty when valid. */
export function checkStageSettings(stage: string, s: LlmStageSettings): string[] {
  const problems: string[] = [];
  const range = (field: string, value: number | null, min: number, max: number, integer = false): void => {
    if (value === null) return;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      problems.push(`${stage}.${field}: expected ${integer ? 'a whole number ' : ''}${min}..${max}, got ${String(value)}`);
    }
  };
  range('temperature', s.temperature, 0, 2);
  range('topP', s.topP, Number.MIN_VALUE, 1);
  range('maxTokens', s.maxTokens, 1, 1_000_000, true);
  range('n', s.n, 1, 16, true);
  range('seed', s.seed, -(2 ** 31), 2 ** 31 - 1, true);
  range('topK', s.topK, -1, 1_000_000, true);
  range('minP', s.minP, 0, 1);
  range('repetitionPenalty', s.repetitionPenalty, Number.MIN_VALUE, 10);
  if (!Array.isArray(s.stop) || s.stop.length > 4 || s.stop.some((x) => typeof x !== 'string' || x === '')) {
    problems.push(`${stage}.stop: expected at most 4 non-empty strings`);
  }
  return problems;
}

/** Defaults merged with overrides, validated; throws FLY_CONFIG_INVALID naming every wrong field. */
export function resolveStageSettings(overrides: StageSettingsOverrides = {}): Readonly<Record<Stage, LlmStageSettings>> {
  const problems: string[] = [];
  for (const key of Object.keys(overrides)) {
    if (!(stages as readonly string[]).includes(key)) problems.push(`unknown stage "${key}"`);
  }
  const out = {} as Record<Stage, LlmStageSettings>;
  for (const stage of stages) {
    const merged = { ...defaultStageSettings[stage], ...overrides[stage] };
    for (const key of Object.keys(overrides[stage] ?? {})) {
      if (!(key in defaultStageSettings[stage])) problems.push(`${stage}.${key}: unknown setting`);
    }
    problems.push(...checkStageSettings(stage, merged));
    out[stage] = Object.freeze(merged);
  }
  if (problems.length > 0) {
    throw new FlywheelError('FLY_CONFIG_INVALID', `invalid model stage settings: ${problems.join('; ')}`, { details: { problems } });
  }
  return Object.freeze(out);
}

/** `{"judge":{"temperature":0},"problem":{"n":2}}` -> validated settings of every stage. */
export function parseStageSettings(json: string): Readonly<Record<Stage, LlmStageSettings>> {
  let parsed: unknown;
  try {
    parsed = json.trim() === '' ? {} : JSON.parse(json);
  } catch (err) {
    throw new FlywheelError('FLY_CONFIG_INVALID', 'invalid model stage settings: expected a JSON object', { cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new FlywheelError('FLY_CONFIG_INVALID', 'invalid model stage settings: expected a JSON object');
  }
  return resolveStageSettings(parsed as StageSettingsOverrides);
}
