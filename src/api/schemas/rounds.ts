// Rounds: one pass of the flywheel with one checkpoint, and their live progress.
import { defaultRoundSettings, roundBounds as b, targetLanguages } from '../../pipeline/settings.ts';
import type { RoundStatus } from '../../store/rounds.ts';
import { anyObject, dateTime, nullableDateTime, pageQuery } from './common.ts';

export const roundStatuses = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;

const stageTimeSchema = {
  type: 'object',
  properties: {
    calls: { type: 'integer' },
    busyMs: { type: 'integer', description: 'Time during which at least one call of the stage was running (overlapping calls count once), ms.' },
    busyShare: { type: 'number', description: 'busyMs over the wall time, 0 to 1.' },
    meanInFlight: { type: 'number', description: 'Calls running at once on average while the stage was busy.' },
  },
  required: ['calls', 'busyMs', 'busyShare', 'meanInFlight'],
} as const;

const roundTimeSchema = {
  type: 'object',
  properties: {
    wallMs: { type: 'integer', description: 'From the start of the round to its finish (or to now while open), pauses included, ms.' },
    samplesPerSecond: { type: 'number', description: 'Samples stored per second of wall time.' },
    stages: { type: 'object', additionalProperties: stageTimeSchema, description: 'Per stage: a model call counts from when it was asked for, a check from when it was queued.' },
  },
  required: ['wallMs', 'samplesPerSecond', 'stages'],
} as const;

export const roundSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    checkpointId: { type: 'integer' },
    status: { type: 'string', enum: roundStatuses },
    settings: anyObject,
    stats: {
      ...anyObject,
      description: 'The round summary (as GET /v1/rounds/{id} computes it live) once the round is done; {} before.',
      properties: { time: roundTimeSchema },
    },
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
    size: { type: 'integer', minimum: b.size.min, maximum: b.size.max, description: 'Problems asked for (default 20).' },
    languages: { type: 'array', items: { type: 'string', enum: targetLanguages }, uniqueItems: true, description: `Translation targets (default ${defaultRoundSettings.languages.join(', ')}).` },
    revisionBudget: { type: 'integer', minimum: b.revisionBudget.min, maximum: b.revisionBudget.max, description: 'Revisions per sample after its first attempt (default 3).' },
    malformedRetries: { type: 'integer', minimum: b.malformedRetries.min, maximum: b.malformedRetries.max },
    dedupThreshold: { type: 'number', exclusiveMinimum: b.dedupThreshold.exclusiveMin, maximum: b.dedupThreshold.max },
    ngram: { type: 'integer', minimum: b.ngram.min, maximum: b.ngram.max },
    benchmarkFiles: {
      type: 'array', items: { type: 'string', minLength: 1, maxLength: b.paths.maxLength }, maxItems: b.paths.maxItems,
      description: 'JSONL files under BENCHMARK_DIRS (a relative name is looked up in each): problems overlapping them are dropped.',
    },
    seedPaths: {
      type: 'array', items: { type: 'string', minLength: 1, maxLength: b.paths.maxLength }, maxItems: b.paths.maxItems,
      description: 'Folders or JSONL files under SEED_DIRS to draw snippets from.',
    },
    snippetShare: { type: 'number', minimum: b.snippetShare.min, maximum: b.snippetShare.max },
    seed: { type: 'integer', minimum: b.seed.min, maximum: b.seed.max },
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
