// Samples: accepted (problem, language) pairs, with their dialog, checks and lineage. Only accepted samples
// are stored, so there is no status filter: the judge's scores and the revisions it took filter instead.
import { anyObject, dateTime, pageQuery } from './common.ts';

/** The filters of listings and exports (query parameters, snake_case as in the export's lines). */
export const filterQuery = {
  round: { type: 'integer', minimum: 1 },
  checkpoint: { type: 'integer', minimum: 1, description: 'Checkpoint id.' },
  language: { type: 'string', minLength: 1, maxLength: 50 },
  topic: { type: 'string', minLength: 1, maxLength: 200 },
  difficulty: { type: 'string', minLength: 1, maxLength: 50 },
  judge_correct: { type: 'integer', enum: [0, 1] },
  judge_style: { type: 'integer', enum: [0, 1] },
  min_revisions: { type: 'integer', minimum: 0, maximum: 1000, description: 'Samples that took at least this many revisions (1: self-corrected).' },
  since: { type: 'string', maxLength: 40, description: 'Exclusive lower bound: a sample id, or an ISO 8601 creation time such as 2025-01-31T00:00:00Z.' },
} as const;

export interface FilterQuery {
  round?: number;
  checkpoint?: number;
  language?: string;
  topic?: string;
  difficulty?: string;
  judge_correct?: 0 | 1;
  judge_style?: 0 | 1;
  min_revisions?: number;
  since?: string;
}

export const listQuery = {
  type: 'object',
  properties: { ...filterQuery, ...pageQuery },
  additionalProperties: false,
} as const;

export type ListQuery = FilterQuery & { limit: number; cursor?: string };

const summaryProperties = {
  id: { type: 'integer' },
  problemId: { type: 'integer' },
  roundId: { type: 'integer' },
  checkpointId: { type: 'integer' },
  parentId: { type: ['integer', 'null'], description: 'The sample this one was translated from.' },
  language: { type: 'string' },
  topic: { type: 'string' },
  difficulty: { type: 'string' },
  judgeCorrect: { type: 'integer' },
  judgeStyle: { type: 'integer' },
  revisions: { type: 'integer' },
  promptTokens: { type: 'integer' },
  completionTokens: { type: 'integer' },
  contentHash: { type: 'string' },
  createdAt: dateTime,
} as const;

export const summarySchema = {
  type: 'object',
  properties: { ...summaryProperties, title: { type: ['string', 'null'] } },
  required: [...Object.keys(summaryProperties), 'title'],
} as const;

const ref = {
  type: 'object',
  properties: { id: { type: 'integer' }, language: { type: 'string' } },
  required: ['id', 'language'],
} as const;

export const detailSchema = {
  type: 'object',
  properties: {
    ...summaryProperties,
    problem: anyObject,
    solution: { type: 'string' },
    tests: { type: 'string' },
    dialog: {
      type: 'array',
      description: 'Every turn of the exchange, failed attempts and checker feedback included.',
      items: {
        type: 'object',
        properties: { stage: { type: 'string' }, role: { type: 'string', enum: ['user', 'assistant', 'checker'] }, content: { type: 'string' } },
        required: ['role', 'content'],
      },
    },
    verdict: anyObject,
    promptVersions: { type: 'object', additionalProperties: { type: 'string' } },
    checks: {
      type: 'array',
      description: 'Every check of this problem in this language, in the order they ran.',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' }, key: { type: 'string' }, stage: { type: 'string' }, ok: { type: 'boolean' },
          verdict: { type: ['object', 'null'], additionalProperties: true }, latencyMs: { type: 'integer' }, createdAt: dateTime,
        },
        required: ['id', 'key', 'stage', 'ok', 'verdict', 'latencyMs', 'createdAt'],
      },
    },
    lineage: {
      type: 'object',
      properties: {
        parent: { anyOf: [ref, { type: 'null' }] },
        translations: { type: 'array', items: ref },
      },
      required: ['parent', 'translations'],
    },
  },
  required: [...Object.keys(summaryProperties), 'problem', 'solution', 'tests', 'dialog', 'verdict', 'promptVersions', 'checks', 'lineage'],
} as const;
