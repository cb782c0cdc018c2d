// /v1/rounds: start (a worker of this process then works it in the background), list, one with live
// progress and stats, cancel, resume.
import type { FastifyPluginAsync } from 'fastify';
import { FlywheelError } from '../../../errors.ts';
import { startRound } from '../../../pipeline/round.ts';
import { apiInputRules, checkRoundFiles, fileCaps } from '../../../pipeline/inputs.ts';
import { loadBenchmarks } from '../../../pipeline/seeds.ts';
import { resolveRoundSettings } from '../../../pipeline/settings.ts';
import { roundStats } from '../../../pipeline/stats.ts';
import { cancelRound, listRounds, reopenRound } from '../../../store/rounds.ts';
import type { RoundRow } from '../../../store/rounds.ts';
import type { ApiContext } from '../../context.ts';
import { decodeCursor, nextCursor } from '../../cursor.ts';
import { idParams, pageOf, responses, type IdParams } from '../../schemas/common.ts';
import { listQuery, roundDetailSchema, roundSchema, startBody, type ListQuery, type StartBody } from '../../schemas/rounds.ts';

const tags = ['rounds'];

export function roundJson(row: RoundRow) {
  return {
    id: row.id, checkpointId: row.checkpoint_id, status: row.status, settings: row.settings, stats: row.stats,
    createdAt: row.created_at, startedAt: row.started_at, finishedAt: row.finished_at,
  };
}

export function roundRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { services, workers } = ctx;

  async function find(id: number): Promise<RoundRow> {
    const round = await services.rounds.get(id);
    if (!round) throw new FlywheelError('FLY_ROUND_UNKNOWN', `no round ${id}`);
    return round;
  }

  return async (app) => {
    app.post<{ Body: StartBody }>('/rounds', {
      schema: {
        summary: 'Start a round (with the current checkpoint unless one is named); a worker of this server works it',
        tags,
        body: startBody,
        response: responses({ 202: roundSchema }),
      },
    }, async (request, reply) => {
      const { checkpoint: ref, ...overrides } = request.body;
      const resolved = resolveRoundSettings(overrides);
      const checkpoint = ref === undefined ? await services.registry.current() : await services.registry.get(ref);
      if (!checkpoint) throw new FlywheelError('FLY_CHECKPOINT_UNKNOWN', 'no current checkpoint: name one, or make one current with POST /v1/checkpoints/{id}/current');
      // The caller names files on this server: only under the configured directories, regular, capped; stored
      // as the real paths checked, and read now so a bad file is this request's 400, not the worker's failure.
      const settings = { ...resolved, ...(await checkRoundFiles(resolved, apiInputRules(services.config))) };
      await loadBenchmarks(settings.benchmarkFiles, settings.ngram, fileCaps(services.config));
      const round = await startRound(services, { checkpointId: checkpoint.id, settings });
      await workers.ensure(round.id);
      return reply.status(202).send(roundJson(round));
    });

    app.get<{ Querystring: ListQuery }>('/rounds', {
      schema: { summary: 'List rounds, newest first', tags, querystring: listQuery, response: responses({ 200: pageOf(roundSchema) }) },
    }, async (request) => {
      const { status, checkpoint, limit, cursor } = request.query;
      const before = cursor === undefined ? null : decodeCursor(cursor);
      const rows = await listRounds(services.db, { ...(status ? { status } : {}), ...(checkpoint ? { checkpoint } : {}) }, before, limit);
      return { items: rows.map(roundJson), nextCursor: nextCursor(rows, limit) };
    });

    app.get<{ Params: IdParams }>('/rounds/:id', {
      schema: { summary: 'One round with its live progress per stage and its stats', tags, params: idParams, response: responses({ 200: roundDetailSchema }) },
    }, async (request) => {
      const round = await find(request.params.id);
      const [stages, stats] = await Promise.all([services.rounds.stageCounts(round.id), roundStats(services.db, round.id)]);
      return {
        ...roundJson(round),
        stats,
        progress: {
          total: stages.reduce((n, s) => n + s.n, 0),
          open: stages.filter((s) => s.status === 'pending' || s.status === 'active').reduce((n, s) => n + s.n, 0),
          stages: stages.map((s) => ({ stage: s.stage, status: s.status, count: s.n })),
        },
        worker: { active: workers.isActive(round.id) },
      };
    });

    app.post<{ Params: IdParams }>('/rounds/:id/cancel', {
      schema: {
        summary: 'Cancel a round: workers stop claiming its problems (those in flight finish)',
        tags, params: idParams, response: responses({ 200: roundSchema }),
      },
    }, async (request) => {
      const cancelled = await cancelRound(services.db, request.params.id);
      if (cancelled) return roundJson(cancelled);
      const round = await find(request.params.id);
      if (round.status === 'cancelled') return roundJson(round);
      throw new FlywheelError('FLY_ROUND_STATE', `round ${round.id} is ${round.status}: only a pending or running round can be cancelled`);
    });

    app.post<{ Params: IdParams }>('/rounds/:id/resume', {
      schema: {
        summary: 'Resume a cancelled or failed round, or join a running one that no worker here works on',
        tags, params: idParams, response: responses({ 202: roundSchema }),
      },
    }, async (request, reply) => {
      const round = (await reopenRound(services.db, request.params.id)) ?? (await find(request.params.id));
      if (round.status !== 'running') throw new FlywheelError('FLY_ROUND_STATE', `round ${round.id} is ${round.status}: there is nothing to resume`);
      await workers.ensure(round.id);
      return reply.status(202).send(roundJson(round));
    });
  };
}
