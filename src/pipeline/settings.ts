// What a round is started with. Stored whole in rounds.settings, so a resumed round or a joining worker
// works exactly as the round was started, whatever the flags of the process that picks it up.
import { FlywheelError } from '../errors.ts';

import { targetLanguages, type TargetLanguage } from '../languages/registry.ts';

export { targetLanguages, type TargetLanguage };

export interface RoundSettings {
  /** Problems asked for. */
  size: number;
  /** Languages every accepted sample of the source language is translated into. */
  languages: TargetLanguage[];
  /** Revisions allowed per sample after its first attempt (checks failing or the judge saying 0). */
  revisionBudget: number;
  /** Extra asks when the model's answer is unusable (malformed JSON, no code), per step. */
  malformedRetries: number;
  /** Jaccard similarity of statement 3-shingles from which a problem is a near-duplicate. */
  dedupThreshold: number;
  /** Word n-gram length of the contamination check. */
  ngram: number;
  /** JSONL files of benchmark prompts (`prompt` or `text` field) a problem must not overlap. */
  benchmarkFiles: string[];
  /** Folders of source files or JSONL files (`code` field) to draw "inspired by" snippets from. */
  seedPaths: string[];
  /** Share of problems seeded with a snippet (from earlier accepted samples first, then seed paths). */
  snippetShare: number;
  /** Seed of the topic and difficulty draw, for reproducible rounds (a new round without one draws one). */
  seed: number;
}

/**
 * The bounds of every round setting, written once: resolveRoundSettings checks them (so the CLI's flags and
 * stored rounds too) and the API's schema is made from them. A round of 100000 problems is days of model
 * time; more data is more rounds.
 */
export const roundBounds = {
  size: { min: 1, max: 100_000 },
  revisionBudget: { min: 0, max: 20 },
  malformedRetries: { min: 0, max: 10 },
  ngram: { min: 3, max: 100 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  /** (0, 1]: 0 would call everything a duplicate. */
  dedupThreshold: { exclusiveMin: 0, max: 1 },
  snippetShare: { min: 0, max: 1 },
  /** Entries of benchmarkFiles and of seedPaths, and the length of each. */
  paths: { maxItems: 100, maxLength: 4096 },
} as const;

export const defaultRoundSettings: RoundSettings = {
  size: 20,
  languages: [...targetLanguages],
  revisionBudget: 3,
  malformedRetries: 2,
  dedupThreshold: 0.7,
  ngram: 10,
  benchmarkFiles: [],
  seedPaths: [],
  snippetShare: 0.5,
  seed: 1,
};

/** Defaults overridden by `overrides`, each checked; throws FLY_BAD_REQUEST naming every wrong field. */
export function resolveRoundSettings(overrides: Partial<RoundSettings> = {}): RoundSettings {
  const s: RoundSettings = { ...defaultRoundSettings, ...stripUndefined(overrides) };
  const problems: string[] = [];
  const intIn = (name: keyof RoundSettings, min: number, max: number) => {
    const v = s[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) problems.push(`${name} must be a whole number in ${min}..${max}`);
  };
  const b = roundBounds;
  for (const name of ['size', 'revisionBudget', 'malformedRetries', 'ngram', 'seed'] as const) intIn(name, b[name].min, b[name].max);
  if (!(s.dedupThreshold > b.dedupThreshold.exclusiveMin && s.dedupThreshold <= b.dedupThreshold.max)) {
    problems.push(`dedupThreshold must be in (${b.dedupThreshold.exclusiveMin}, ${b.dedupThreshold.max}]`);
  }
  if (!(s.snippetShare >= b.snippetShare.min && s.snippetShare <= b.snippetShare.max)) problems.push(`snippetShare must be in [${b.snippetShare.min}, ${b.snippetShare.max}]`);
  for (const name of ['benchmarkFiles', 'seedPaths'] as const) {
    if (s[name].length > b.paths.maxItems) problems.push(`${name}: at most ${b.paths.maxItems} entries`);
    if (s[name].some((p) => typeof p !== 'string' || p === '' || p.length > b.paths.maxLength || p.includes('\0'))) {
      problems.push(`${name}: each entry a path of 1..${b.paths.maxLength} characters`);
    }
  }
  for (const l of s.languages) {
    if (!(targetLanguages as readonly string[]).includes(l)) problems.push(`unknown target language "${l}" (known: ${targetLanguages.join(', ')})`);
  }
  if (new Set(s.languages).size !== s.languages.length) problems.push('languages must not repeat');
  if (problems.length > 0) throw new FlywheelError('FLY_BAD_REQUEST', `invalid round settings: ${problems.join('; ')}`, { details: { problems } });
  return s;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
