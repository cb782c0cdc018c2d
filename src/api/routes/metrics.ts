// GET /metrics: Prometheus text format. Needs the token like the API (Prometheus sends it with
// `authorization: {type: Bearer, credentials: ...}` in its scrape config).
import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../context.ts';
import { errorSchema } from '../schemas/common.ts';

export function metricsRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/metrics', {
      schema: {
        summary: 'Prometheus metrics: rounds, open problems, samples, sandbox pools, model calls',
        tags: ['metrics'],
        produces: ['text/plain'],
        response: { 200: { type: 'string', description: 'Prometheus text format 0.0.4' }, '4xx': errorSchema, '5xx': errorSchema },
      },
    }, async (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(await ctx.metrics()));
  };
}
