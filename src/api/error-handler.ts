// One error shape for every failure: {"error": {"code", "message"}}. FlywheelErrors keep their code and
// status; fastify's own 4xx (validation, body too large, bad JSON, media type) get stable codes of ours and
// a message naming the field; every 5xx says only "internal error" with the request id, and the whole error
// goes to the log under that id.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FlywheelError, type ErrorCode } from '../errors.ts';

interface ValidationItem {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Ajv's first complaint in words that name the field, e.g. `body has an unknown field "sise"`. */
export function validationMessage(part: string, items: ValidationItem[]): string {
  const first = items[0];
  if (!first) return `${part} is not valid`;
  const where = `${part}${(first.instancePath ?? '').replace(/\//g, '.')}`;
  if (first.keyword === 'additionalProperties') return `${where} has an unknown field "${String(first.params?.additionalProperty)}"`;
  if (first.keyword === 'required') return `${where} is missing the field "${String(first.params?.missingProperty)}"`;
  return `${where} ${first.message ?? 'is not valid'}`;
}

function fastifyCode(err: FastifyError): ErrorCode {
  if (err.statusCode === 413) return 'FLY_BODY_TOO_LARGE';
  if (err.statusCode === 415) return 'FLY_UNSUPPORTED_MEDIA_TYPE';
  if (err.statusCode === 401) return 'FLY_UNAUTHORIZED';
  if (err.statusCode === 404) return 'FLY_NOT_FOUND';
  return 'FLY_BAD_REQUEST';
}

export function toErrorReply(err: unknown, requestId: string): { status: number; code: string; message: string; internal: boolean } {
  if (err instanceof FlywheelError) {
    if (err.statusCode >= 500) return { status: err.statusCode, code: err.code, message: `internal error (request ${requestId})`, internal: true };
    return { status: err.statusCode, code: err.code, message: err.message, internal: false };
  }
  const fe = err as FastifyError & { validation?: ValidationItem[]; validationContext?: string };
  if (Array.isArray(fe.validation)) {
    return { status: 400, code: 'FLY_BAD_REQUEST', message: validationMessage(fe.validationContext ?? 'request', fe.validation), internal: false };
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) return { status, code: fastifyCode(fe), message: fe.message, internal: false };
  return { status: 500, code: 'FLY_INTERNAL', message: `internal error (request ${requestId})`, internal: true };
}

export function addErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const out = toErrorReply(err, String(request.id));
    if (out.code === 'FLY_UNSUPPORTED_MEDIA_TYPE') out.message = `a body of type ${String(request.headers['content-type'] ?? 'unknown')} is not accepted: send application/json`;
    // A refusal for now (a full queue, a busy pool) says when to come back.
    const retryAfterS = err instanceof FlywheelError ? err.details?.retryAfterS : undefined;
    if (typeof retryAfterS === 'number') void reply.header('retry-after', String(retryAfterS));
    if (out.internal) request.log.error({ err, code: out.code }, 'request failed');
    else request.log.info({ code: out.code, message: out.message }, 'request refused');
    return reply.status(out.status).send({ error: { code: out.code, message: out.message } });
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply.status(404).send({ error: { code: 'FLY_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?', 1)[0]}` } }),
  );
}
