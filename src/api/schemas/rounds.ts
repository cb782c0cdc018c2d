// Rounds: one pass of the flywheel with one checkpoint, and their live progress.
import { targetLanguages } from '../../pipeline/settings.ts';
import type { RoundStatus } from '../../store/rounds.ts';
import { anyObject, dateTime, nullableDateTime, pageQuery } from './common.ts';

export const roundStatuses = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;

export const roundSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    checkpointId: { type: 'integer' },
    status: { type: 'string', enum: roundStatuses },
    settings: anyObject,
    stats: { ...anyObject, description: 'The round summary (as GET /v1/rounds/{id} computes it live) once the round is done; {} before.' },
    createdAt: dateTime,
    startedAt: nullableDateTime,
    finishedAt: nullableDateTime,
  },
  required: ['id', 'checkpointId', 'status', 'settings', 'stats', 'createdAt', 'startedAt', 'finishedAt'],
} as const;

export const roundDetailSchema = {
  type: 'object',
  properties: {
    ...roundSchema.properties,
    progress: {
      type: 'object',
      properties: {
        total: { type: 'integer' },
        open: { type: 'integer', description: 'Problems pending or being worked on.' },
        stages: {
          type: 'array',
          description: 'Problems per pipeline stage and status.',
          items: {
            type: 'object',
            properties: { stage: { type: 'string' }, status: { type: 'string' }, count: { type: 'integer' } },
            required: ['stage', 'status', 'count'],
          },
        },
      },
      required: ['total', 'open', 'stages'],
    },
    worker: {
      type: 'object',
      properties: { active: { type: 'boolean', description: 'A worker of this server process is working on the round.' } },
      required: ['active'],
    },
  },
  required: [...roundSchema.required, 'progress', 'worker'],
} as const;

export const startBody = {
  type: 'object',
  description: 'Round settings; each left out keeps its default.',
  properties: {
    checkpoint: { type: ['integer', 'string'], description: 'Checkpoint id or name; default: the current checkpoint.' },
    size: { type: 'integer', minimum: 1, maximum: 10_000_000, description: 'Problems asked for (default 20).' },
    languages: { type: 'array', items: { type: 'string', enum: targetLanguages }, uniqueItems: true, description: 'Translation targets (default php, typescript).' },
    revisionBudget: { type: 'integer', minimum: 0, maximum: 20, description: 'Revisions per sample after its first attempt (default 3).' },
    malformedRetries: { type: 'integer', minimum: 0, maximum: 10 },
    dedupThreshold: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    ngram: { type: 'integer', minimum: 3, maximum: 100 },
    benchmarkFiles: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 100, description: 'JSONL files on the server: problems overlapping them are dropped.' },
    seedPaths: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 100, description: 'Folders or JSONL files on the server to draw snippets from.' },
    snippetShare: { type: 'number', minimum: 0, maximum: 1 },
    seed: { type: 'integer', minimum: 0, maximum: 2 ** 31 },
  },
  additionalProperties: false,
} as const;

export interface StartBody {
  checkpoint?: number | string;
  size?: number;
  languages?: (typeof targetLanguages)[number][];
  revisionBudget?: number;
  malformedRetries?: number;
  dedupThreshold?: number;
  ngram?: number;
  benchmarkFiles?: string[];
  seedPaths?: string[];
  snippetShare?: number;
  seed?: number;
}

export const listQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: roundStatuses },
    checkpoint: { type: 'integer', minimum: 1 },
    ...pageQuery,
  },
  additionalProperties: false,
} as const;

export interface ListQuery {
  status?: RoundStatus;
  checkpoint?: number;
  limit: number;
  cursor?: string;
}
