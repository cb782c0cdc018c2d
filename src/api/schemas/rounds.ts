// Rounds: one pass of the flywheel with one checkpoint, and their live progress.
import { defaultRoundSettings, roundSettingNames, settingSchema, type RoundSettingName, type RoundSettings } from '../../pipeline/settings.ts';
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

// Through the API a round's files are read only under the configured directories.
const apiNotes: Partial<Record<RoundSettingName, string>> = {
  benchmarkFiles: 'JSONL files under BENCHMARK_DIRS (a relative name is looked up in each): problems overlapping them are dropped.',
  seedPaths: 'Folders or JSONL files under SEED_DIRS to draw snippets from.',
};

/** The round settings' own schema, each optional, as the API's body; the command-line flag is not the API's. */
export const startBody = {
  type: 'object',
  description: 'Round settings; each left out keeps its default.',
  properties: {
    checkpoint: { type: ['integer', 'string'], description: 'Checkpoint id or name; default: the current checkpoint.' },
    ...Object.fromEntries(roundSettingNames.map((name) => {
      const { flag: _flag, description, ...schema } = settingSchema(name);
      return [name, { ...schema, description: `${apiNotes[name] ?? description} Default: ${JSON.stringify(defaultRoundSettings[name])}.` }];
    })),
  },
  additionalProperties: false,
} as const;

export type StartBody = { checkpoint?: number | string } & Partial<RoundSettings>;

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
