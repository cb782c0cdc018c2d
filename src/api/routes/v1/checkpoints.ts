// /v1/checkpoints: register (probing the model server first), list, get, make current.
import type { FastifyPluginAsync } from 'fastify';
import { FlywheelError, isFlywheelError } from '../../../errors.ts';
import type { ApiContext } from '../../context.ts';
import { checkpointSchema, registerBody, type RegisterBody } from '../../schemas/checkpoints.ts';
import { idParams, responses, type IdParams } from '../../schemas/common.ts';

const tags = ['checkpoints'];

export function checkpointRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { registry } = ctx.services;
  return async (app) => {
    app.post<{ Body: RegisterBody }>('/checkpoints', {
      schema: {
        summary: 'Register a checkpoint (its endpoint must list the model)',
        tags,
        body: registerBody,
        response: responses({ 201: checkpointSchema }),
      },
    }, async (request, reply) => {
      const { name, baseUrl, model, apiKeyEnv, meta, makeCurrent } = request.body;
      try {
        const checkpoint = await registry.register({
          name, baseUrl, model, apiKeyEnv: apiKeyEnv ?? null, makeCurrent: makeCurrent ?? false, ...(meta ? { meta } : {}),
        });
        return reply.status(201).send(checkpoint);
      } catch (err) {
        // The model server is the caller's to name: its failure to answer is a bad request, not ours. The
        // message says how it failed (status, connection error), never what it answered.
        if (isFlywheelError(err) && err.code.startsWith('FLY_LLM_')) {
          throw new FlywheelError('FLY_CHECKPOINT_NOT_SERVED', err.message, { cause: err });
        }
        throw err;
      }
    });

    app.get('/checkpoints', {
      schema: {
        summary: 'List checkpoints, newest first',
        tags,
        response: responses({ 200: { type: 'object', properties: { items: { type: 'array', items: checkpointSchema } }, required: ['items'] } }),
      },
    }, async () => ({ items: await registry.list() }));

    app.get<{ Params: IdParams }>('/checkpoints/:id', {
      schema: { summary: 'One checkpoint', tags, params: idParams, response: responses({ 200: checkpointSchema }) },
    }, async (request) => registry.get(request.params.id));

    app.post<{ Params: IdParams }>('/checkpoints/:id/current', {
      schema: { summary: 'Make a checkpoint the one new rounds use', tags, params: idParams, response: responses({ 200: checkpointSchema }) },
    }, async (request) => registry.makeCurrent(request.params.id));
  };
}
