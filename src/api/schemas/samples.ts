// Samples: accepted (problem, language) pairs, with their dialog, checks and lineage. Only accepted samples
// are stored, so there is no status filter: the judge's scores and the revisions it took filter instead.
import { sampleFilterQuery, type SampleFilterQuery } from '../../schemas/sample-filters.ts';
import { anyObject, dateTime, pageQuery } from './common.ts';

export const listQuery = {
  type: 'object',
  properties: { ...sampleFilterQuery.properties, ...pageQuery },
  additionalProperties: false,
} as const;

export type ListQuery = SampleFilterQuery & { limit: number; cursor?: string };

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
