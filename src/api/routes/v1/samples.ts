// /v1/samples: filtered keyset listing, and one sample with its whole dialog, every check of its problem in
// its language, and its lineage (the sample it was translated from, the translations made from it).
import type { FastifyPluginAsync } from 'fastify';
import { FlywheelError } from '../../../errors.ts';
import { toSampleFilters, type SampleFilterQuery, type SampleFilters } from '../../../schemas/sample-filters.ts';
import { listSamples, sampleDetail, type SampleSummaryRow } from '../../../store/samples.ts';
import type { ApiContext } from '../../context.ts';
import { decodeCursor, nextCursor } from '../../cursor.ts';
import { idParams, pageOf, responses, type IdParams } from '../../schemas/common.ts';
import { detailSchema, listQuery, summarySchema, type ListQuery } from '../../schemas/samples.ts';

const tags = ['samples'];

/** The query's filters as the store takes them; a `since` that is neither an id nor a time is a 400. */
export function filtersOf(q: SampleFilterQuery): SampleFilters {
  return toSampleFilters(q, (name, expected, got) => new FlywheelError('FLY_BAD_REQUEST', `querystring.${name} must be ${expected}, got "${got}"`));
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
