// /v1/samples: filtered keyset listing, and one sample with its whole dialog, every check of its problem in
// its language, and its lineage (the sample it was translated from, the translations made from it).
import type { FastifyPluginAsync } from 'fastify';
import { FlywheelError } from '../../../errors.ts';
import { parseSince } from '../../../export/filters.ts';
import { listSamples, sampleDetail, type SampleFilters, type SampleSummaryRow } from '../../../store/samples.ts';
import type { ApiContext } from '../../context.ts';
import { decodeCursor, nextCursor } from '../../cursor.ts';
import { idParams, pageOf, responses, type IdParams } from '../../schemas/common.ts';
import { detailSchema, listQuery, summarySchema, type FilterQuery, type ListQuery } from '../../schemas/samples.ts';

const tags = ['samples'];

/** The query's filters as the store takes them; a `since` that is neither an id nor a time is a 400. */
export function filtersOf(q: FilterQuery): SampleFilters {
  const f: SampleFilters = {};
  if (q.round !== undefined) f.round = q.round;
  if (q.checkpoint !== undefined) f.checkpoint = q.checkpoint;
  if (q.language !== undefined) f.language = q.language;
  if (q.topic !== undefined) f.topic = q.topic;
  if (q.difficulty !== undefined) f.difficulty = q.difficulty;
  if (q.judge_correct !== undefined) f.judgeCorrect = q.judge_correct;
  if (q.judge_style !== undefined) f.judgeStyle = q.judge_style;
  if (q.min_revisions !== undefined) f.minRevisions = q.min_revisions;
  if (q.since !== undefined) {
    const since = parseSince(q.since);
    if (!since) throw new FlywheelError('FLY_BAD_REQUEST', `querystring.since must be a sample id or an ISO 8601 time such as 2025-01-31T00:00:00Z, got "${q.since}"`);
    f.since = since;
  }
  return f;
}

type SummaryFields = Omit<SampleSummaryRow, 'title'>;

function summaryJson(row: SummaryFields) {
  return {
    id: row.id, problemId: row.problem_id, roundId: row.round_id, checkpointId: row.checkpoint_id, parentId: row.parent_id,
    language: row.language, topic: row.topic, difficulty: row.difficulty, judgeCorrect: row.judge_correct, judgeStyle: row.judge_style,
    revisions: row.revisions, promptTokens: row.prompt_tokens, completionTokens: row.completion_tokens, contentHash: row.content_hash,
    createdAt: row.created_at,
  };
}

export function sampleRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { db } = ctx.services;
  return async (app) => {
    app.get<{ Querystring: ListQuery }>('/samples', {
      schema: {
        summary: 'List accepted samples, oldest first, filtered',
        tags,
        querystring: listQuery,
        response: responses({ 200: pageOf(summarySchema) }),
      },
    }, async (request) => {
      const { limit, cursor, ...filters } = request.query;
      const after = cursor === undefined ? 0 : decodeCursor(cursor);
      const rows = await listSamples(db, filtersOf(filters), after, limit);
      return { items: rows.map((r) => ({ ...summaryJson(r), title: r.title })), nextCursor: nextCursor(rows, limit) };
    });

    app.get<{ Params: IdParams }>('/samples/:id', {
      schema: {
        summary: 'One sample: problem, solution, tests, whole dialog, every check, lineage',
        tags,
        params: idParams,
        response: responses({ 200: detailSchema }),
      },
    }, async (request) => {
      const sample = await sampleDetail(db, request.params.id);
      if (!sample) throw new FlywheelError('FLY_SAMPLE_UNKNOWN', `no sample ${request.params.id}`);
      return {
        ...summaryJson(sample),
        problem: sample.problem, solution: sample.solution, tests: sample.tests, dialog: sample.dialog, verdict: sample.verdict,
        promptVersions: sample.prompt_versions,
        checks: sample.checks.map((c) => ({ id: c.id, key: c.key, stage: c.stage, ok: c.ok, verdict: c.verdict, latencyMs: c.latency_ms, createdAt: new Date(c.created_at) })),
        lineage: { parent: sample.parent, translations: sample.translations },
      };
    });
  };
}
