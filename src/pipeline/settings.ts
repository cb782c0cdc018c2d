// What a round is started with. Stored whole in rounds.settings, so a resumed round or a joining worker
// works exactly as the round was started, whatever the flags of the process that picks it up.
import { FlywheelError } from '../errors.ts';

export const targetLanguages = ['php', 'typescript'] as const;
export type TargetLanguage = (typeof targetLanguages)[number];

export interface RoundSettings {
  /** Problems asked for. */
  size: number;
  /** Languages every accepted Python sample is translated into. */
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

export const defaultRoundSettings: RoundSettings = {
  size: 20,
  languages: ['php', 'typescript'],
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
  intIn('size', 1, 10_000_000);
  intIn('revisionBudget', 0, 20);
  intIn('malformedRetries', 0, 10);
  intIn('ngram', 3, 100);
  intIn('seed', 0, 2 ** 31);
  if (!(s.dedupThreshold > 0 && s.dedupThreshold <= 1)) problems.push('dedupThreshold must be in (0, 1]');
  if (!(s.snippetShare >= 0 && s.snippetShare <= 1)) problems.push('snippetShare must be in [0, 1]');
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
