// GET /healthz (the process answers) and GET /readyz (it can do its work: database and Docker reachable).
// Both are open: orchestrators probe them without a token.
import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../context.ts';

const readinessSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ready', 'unavailable'] },
    checks: {
      type: 'object',
      additionalProperties: { type: 'object', properties: { ok: { type: 'boolean' }, error: { type: 'string' } }, required: ['ok'] },
    },
  },
  required: ['status', 'checks'],
} as const;

export function healthRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', {
      schema: {
        summary: 'Liveness: the process answers',
        tags: ['probes'],
        security: [],
        response: { 200: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] } },
      },
    }, async () => ({ status: 'ok' as const }));

    app.get('/readyz', {
      schema: {
        summary: 'Readiness: the database and the Docker engine answer',
        tags: ['probes'],
        security: [],
        response: { 200: readinessSchema, 503: readinessSchema },
      },
    }, async (_request, reply) => {
      const { ready, checks } = await ctx.readiness();
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
    });
  };
}
