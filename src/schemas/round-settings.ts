// The settings a round is started with, as one schema, and their defaults (pipeline/settings.ts checks them).
import { Type, type Static } from '@sinclair/typebox';
import { targetLanguages, type TargetLanguage } from '../languages/registry.ts';

const pathList = (description: string, flag: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), { maxItems: 100, description, flag });

/**
 * Every round setting, written once: its type and bounds, what it means, and its command-line flag where it
 * has one. The type RoundSettings, the API's body schema, the flags of `run`, `demo` and `serve` and the check
 * of every round's settings (resolveRoundSettings: flags, API bodies and stored rounds alike) are made from it.
 * A round of 100000 problems is days of model time; more data is more rounds.
 */
export const roundSettingsSchema = Type.Object({
  size: Type.Integer({ minimum: 1, maximum: 100_000, description: 'Problems asked for.', flag: 'size' }),
  languages: Type.Array(Type.Unsafe<TargetLanguage>({ type: 'string', enum: [...targetLanguages] }), {
    uniqueItems: true, description: 'Languages every accepted sample of the source language is translated into.', flag: 'languages',
  }),
  revisionBudget: Type.Integer({ minimum: 0, maximum: 20, description: 'Revisions allowed per sample after its first attempt (checks failing or the judge saying 0).', flag: 'revision-budget' }),
  malformedRetries: Type.Integer({ minimum: 0, maximum: 10, description: "Extra asks when the model's answer is unusable (malformed JSON, no code), per step." }),
  dedupThreshold: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Jaccard similarity of statement 3-shingles from which a problem is a near-duplicate (0 would call everything one).', flag: 'dedup-threshold' }),
  ngram: Type.Integer({ minimum: 3, maximum: 100, description: 'Word n-gram length of the contamination check.', flag: 'ngram' }),
  benchmarkFiles: pathList('JSONL files of benchmark prompts (`prompt` or `text` field) a problem must not overlap.', 'benchmark'),
  seedPaths: pathList('Folders of source files or JSONL files (`code` field) to draw "inspired by" snippets from.', 'seed-path'),
  snippetShare: Type.Number({ minimum: 0, maximum: 1, description: 'Share of problems seeded with a snippet (from earlier accepted samples first, then seed paths).' }),
  seed: Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, description: 'Seed of the topic and difficulty draw, for reproducible rounds (a new round without one draws one).', flag: 'seed' }),
}, { additionalProperties: false });

export type RoundSettings = Static<typeof roundSettingsSchema>;
export type RoundSettingName = keyof RoundSettings;

/** One setting's schema as plain JSON schema: with its bounds, and without TypeBox's marks or our `flag`. */
export interface SettingSchema {
  type: 'integer' | 'number' | 'array';
  description: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: { type: 'string'; enum?: readonly string[]; minLength?: number; maxLength?: number };
  flag?: string;
}

export const roundSettingNames = Object.keys(roundSettingsSchema.properties) as RoundSettingName[];

/** The schema of setting `name` (JSON-clean: what Ajv and the API docs read). */
export function settingSchema(name: RoundSettingName): SettingSchema {
  return JSON.parse(JSON.stringify(roundSettingsSchema.properties[name])) as SettingSchema;
}

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
