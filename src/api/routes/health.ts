// GET /healthz (the process answers) and GET /readyz (it can do its work: database and Docker reachable).
// Both are open: orchestrators probe them without a token.
import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../context.ts';

// Open to anyone, so it says ready or not and nothing else: what failed, and how, goes to the log.
const readinessSchema = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ready', 'unavailable'] } },
  required: ['status'],
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
    }, async (request, reply) => {
      const { ready, checks } = await ctx.readiness();
      if (!ready) request.log.warn({ checks }, 'not ready');
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable' });
    });
  };
}
