// The REST API as a fastify instance: schemas on every body, query and response (unknown fields are a 400,
// ajv's removeAdditional off), bearer-token auth, one error shape, the OpenAPI document at /openapi.json and
// its docs page at /docs. `serve` listens with it; tests drive it with app.inject.
import fs from 'node:fs';
import crypto from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { addAuth } from './auth.ts';
import { addCoercion } from './coerce.ts';
import type { ApiContext } from './context.ts';
import { addErrorHandling } from './error-handler.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { checkpointRoutes } from './routes/v1/checkpoints.ts';
import { exportRoutes } from './routes/v1/export.ts';
import { roundRoutes } from './routes/v1/rounds.ts';
import { sampleRoutes } from './routes/v1/samples.ts';
import { verifyRoutes } from './routes/v1/verify.ts';

export interface AppOptions {
  /** Bearer token; empty: no auth (serve allows that only on a loopback address). */
  apiToken: string;
  /** Largest request body in bytes, except POST /v1/verify's batches (16 MiB). Default 1 MiB. */
  bodyLimit?: number;
}

const version = (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** A client's x-request-id when it is a plain token (it ends up in logs), else a fresh one. */
function requestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[\w.:-]{1,64}$/.test(header) ? header : crypto.randomUUID();
}

export async function buildApp(ctx: ApiContext, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.services.log.child({ component: 'api' }) as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    genReqId: (req) => requestId(req.headers['x-request-id']),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false, allowUnionTypes: true } },
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // JSON only: a text/plain body is a 415, not a string that fails validation somewhere else.
  app.removeContentTypeParser('text/plain');
  addErrorHandling(app);
  const { config } = ctx.services;
  await addAuth(app, { token: options.apiToken, failures: config.authFailures, windowMs: config.authFailureWindowMs });
  addCoercion(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'code-data flywheel',
        version,
        description: 'Checkpoints, rounds, accepted samples, checks and the JSONL export. Every route but /healthz, /readyz, /openapi.json and /docs needs `Authorization: Bearer <FLYWHEEL_API_TOKEN>`. Errors are `{"error": {"code", "message"}}`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes(ctx));
  await app.register(metricsRoutes(ctx));
  await app.register(async (v1) => {
    await v1.register(checkpointRoutes(ctx));
    await v1.register(roundRoutes(ctx));
    await v1.register(sampleRoutes(ctx));
    await v1.register(verifyRoutes(ctx));
    await v1.register(exportRoutes(ctx));
  }, { prefix: '/v1' });
  return app;
}
