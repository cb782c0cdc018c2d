// The stand-in model: an OpenAI-compatible HTTP server (the subset vLLM serves and the flywheel uses) that
// answers from the problem bank instead of a model, with injectable faults. It says plainly, in
// GET /v1/models, that it is not a model.
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from '../log.ts';
import { createAnswerer, malformedAnswer, type Structured } from './answer.ts';
import { defaultBankDir, loadBank } from './bank.ts';
import { seededRandom } from '../random.ts';
import { resolveFaults, type StandinFaults } from './faults.ts';
import { countTokens } from './tokens.ts';

export const STANDIN_MODEL = 'flywheel-standin';
export const STANDIN_OWNER = 'flywheel-standin (not a model: answers from a fixed bank)';

export interface StandinOptions {
  /** Bank directory (index.json + one directory per problem); default the project's bank. */
  bankDir?: string;
  faults?: Partial<StandinFaults>;
  log?: Logger;
  /** Log every request and its answer (fastify's request log) to `log`. Default false: a round makes thousands. */
  logRequests?: boolean;
  /** Model ids served; requests naming another model get 404, as from vLLM. Default [flywheel-standin]. */
  models?: string[];
  /** Prompt plus max_tokens beyond this is a 400, as vLLM answers an over-long prompt. Default 32768. */
  maxContextTokens?: number;
  /** Index in the bank's order of the first problem served (it cycles from there). Default 0. */
  firstProblem?: number;
}

export interface StandinStats {
  chatRequests: number;
  inFlight: number;
  maxInFlight: number;
  faults: { dropped: number; failed: number; rateLimited: number; malformed: number; truncated: number };
  promptTokens: number;
  completionTokens: number;
  byStage: Record<string, number>;
}

interface ChatBody {
  model?: unknown;
  messages?: unknown;
  n?: unknown;
  stream?: unknown;
  stream_options?: { include_usage?: unknown } | null;
  max_tokens?: unknown;
  max_completion_tokens?: unknown;
  stop?: unknown;
  response_format?: { type?: unknown; json_schema?: { schema?: unknown } } | null;
  structured_outputs?: { json?: unknown; choice?: unknown } | null;
}

function openAiError(reply: FastifyReply, status: number, type: string, message: string): FastifyReply {
  return reply.code(status).send({ error: { message, type, param: null, code: status }, object: 'error', message, type, code: status });
}

function messageText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part: unknown) => (typeof part === 'object' && part !== null && 'text' in part ? String((part as { text: unknown }).text) : '')).join('');
  }
  return null;
}

function structuredOf(body: ChatBody): Structured | 'invalid' {
  const rf = body.response_format;
  if (rf && (rf.type === 'json_schema' || rf.type === 'json_object')) {
    const schema = rf.json_schema?.schema as { enum?: unknown } | null | undefined;
    if (rf.type === 'json_schema' && (typeof schema !== 'object' || schema === null)) return 'invalid';
    // A schema that is just an enum of strings asks for one of them, answered as a JSON string.
    if (Array.isArray(schema?.enum) && schema.enum.length > 0 && schema.enum.every((c) => typeof c === 'string')) {
      return { kind: 'choice', choices: schema.enum as string[], quoted: true };
    }
    return { kind: 'json' };
  }
  const so = body.structured_outputs;
  if (so) {
    if (Array.isArray(so.choice)) return so.choice.every((c) => typeof c === 'string') ? { kind: 'choice', choices: so.choice as string[], quoted: false } : 'invalid';
    if (so.json !== undefined) return { kind: 'json' };
  }
  return null;
}

/** Cuts `text` at the first stop sequence; returns null when none occurs. */
function cutAtStop(text: string, stop: unknown): string | null {
  const stops = typeof stop === 'string' ? [stop] : Array.isArray(stop) ? stop.filter((s): s is string => typeof s === 'string' && s !== '') : [];
  const at = stops.map((s) => text.indexOf(s)).filter((i) => i >= 0);
  return at.length === 0 ? null : text.slice(0, Math.min(...at));
}

/** The app and its counters (the counters are also served at GET /standin/stats). */
export function buildStandin(options: StandinOptions = {}): { app: FastifyInstance; stats: StandinStats } {
  const faults = resolveFaults(options.faults);
  const bank = loadBank(options.bankDir ?? defaultBankDir);
  const answerer = createAnswerer(bank, options.firstProblem ?? 0);
  const random = seededRandom(faults.seed);
  const models = options.models ?? [STANDIN_MODEL];
  const maxContextTokens = options.maxContextTokens ?? 32768;
  const stats: StandinStats = {
    chatRequests: 0, inFlight: 0, maxInFlight: 0,
    faults: { dropped: 0, failed: 0, rateLimited: 0, malformed: 0, truncated: 0 },
    promptTokens: 0, completionTokens: 0, byStage: {},
  };
  const bodyLimit = 64 * 1024 * 1024;
  const app: FastifyInstance = options.log
    ? Fastify({ bodyLimit, loggerInstance: options.log as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: options.logRequests !== true }) })
    : Fastify({ bodyLimit, logger: false });
  const created = Math.floor(Date.now() / 1000);
  let sequence = 0;

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/standin/stats', async () => stats);
  app.get('/v1/models', async () => ({
    object: 'list',
    data: models.map((id) => ({ id, object: 'model', created, owned_by: STANDIN_OWNER, root: id, parent: null, max_model_len: maxContextTokens })),
  }));

  app.post('/v1/chat/completions', async (request: FastifyRequest<{ Body: ChatBody }>, reply) => {
    stats.chatRequests++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      return await complete(request, reply);
    } finally {
      stats.inFlight--;
    }
  });

  async function complete(request: FastifyRequest<{ Body: ChatBody }>, reply: FastifyReply): Promise<unknown> {
    const body = (request.body ?? {}) as ChatBody;
    // Every request draws the same three numbers, so the fault sequence depends only on the seed and the order.
    const drop = random() < faults.dropRate;
    const fail = random() < faults.failRate;
    const limit = random() < faults.rateLimitRate;
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const stream = body.stream === true;
    if (drop && !stream) {
      stats.faults.dropped++;
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (fail) {
      stats.faults.failed++;
      return openAiError(reply, 500, 'InternalServerError', 'injected fault: internal server error');
    }
    if (limit) {
      stats.faults.rateLimited++;
      reply.header('retry-after', String(Math.ceil(faults.retryAfterMs / 1000))).header('retry-after-ms', String(faults.retryAfterMs));
      return openAiError(reply, 429, 'RateLimitError', 'injected fault: too many requests');
    }

    if (typeof body.model !== 'string' || !models.includes(body.model)) {
      return openAiError(reply, 404, 'NotFoundError', `The model \`${String(body.model)}\` does not exist.`);
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0) return openAiError(reply, 400, 'BadRequestError', 'messages must be a non-empty array');
    const texts = (body.messages as { content?: unknown }[]).map((m) => messageText(m?.content));
    if (texts.some((t) => t === null)) return openAiError(reply, 400, 'BadRequestError', 'every message needs text content');
    const n = body.n ?? 1;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 16) return openAiError(reply, 400, 'BadRequestError', 'n must be 1..16');
    const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? 4096;
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) return openAiError(reply, 400, 'BadRequestError', 'max_tokens must be a whole number >= 1');
    const structured = structuredOf(body);
    if (structured === 'invalid') return openAiError(reply, 400, 'BadRequestError', 'invalid response_format or structured_outputs');
    const promptTokens = (texts as string[]).reduce((sum, t) => sum + countTokens(t), 0);
    if (promptTokens + maxTokens > maxContextTokens) {
      return openAiError(reply, 400, 'BadRequestError',
        `This model's maximum context length is ${maxContextTokens} tokens. However, you requested ${promptTokens + maxTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`);
    }

    // The stage marker is in the last user message that has one.
    const prompt = [...(texts as string[])].reverse().find((t) => /\[flywheel:\w+\]/.test(t)) ?? (texts as string[]).join('\n');
    const choices = Array.from({ length: n }, (_, index) => {
      const answer = answerer.answer(prompt, structured);
      stats.byStage[answer.stage] = (stats.byStage[answer.stage] ?? 0) + 1;
      let text = answer.text;
      let finish = 'stop';
      if (random() < faults.malformedRate) {
        stats.faults.malformed++;
        text = malformedAnswer(answer.stage, structured);
      }
      if (random() < faults.truncateRate) {
        stats.faults.truncated++;
        text = text.slice(0, Math.ceil(text.length / 2));
        finish = 'length';
      }
      const stopped = cutAtStop(text, body.stop);
      if (stopped !== null) {
        text = stopped;
        finish = 'stop';
      }
      if (countTokens(text) > maxTokens) {
        text = text.slice(0, maxTokens * 4);
        finish = 'length';
      }
      return { index, text, finish };
    });
    const completionTokens = choices.reduce((sum, c) => sum + countTokens(c.text), 0);
    stats.promptTokens += promptTokens;
    stats.completionTokens += completionTokens;
    const id = `chatcmpl-standin-${++sequence}`;
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const model = body.model;

    if (!stream) {
      return {
        id, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
        choices: choices.map((c) => ({ index: c.index, message: { role: 'assistant', content: c.text }, logprobs: null, finish_reason: c.finish })),
        usage,
      };
    }

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (choicesPart: unknown[], extra: Record<string, unknown> = {}): void => {
      raw.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: choicesPart, ...extra })}\n\n`);
    };
    chunk(choices.map((c) => ({ index: c.index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null })));
    if (drop) {
      stats.faults.dropped++;
      // Let the first chunk reach the client, then cut the connection mid-answer.
      await new Promise((resolve) => setImmediate(resolve));
      request.raw.socket.destroy();
      return reply;
    }
    for (const c of choices) {
      for (let at = 0; at < c.text.length; at += 64) {
        chunk([{ index: c.index, delta: { content: c.text.slice(at, at + 64) }, logprobs: null, finish_reason: null }]);
      }
      chunk([{ index: c.index, delta: {}, logprobs: null, finish_reason: c.finish }]);
    }
    if (body.stream_options?.include_usage === true) chunk([], { usage });
    raw.end('data: [DONE]\n\n');
    return reply;
  }

  return { app, stats };
}

/** The fastify app of the stand-in (not listening yet: `app.listen` or `app.inject`). */
export function createStandinServer(options: StandinOptions = {}): FastifyInstance {
  return buildStandin(options).app;
}

export interface RunningStandin {
  /** Base URL for the client (LLM_BASE_URL), ending in /v1. */
  url: string;
  stats(): StandinStats;
  close(): Promise<void>;
}

export async function startStandin(options: StandinOptions & { port?: number; host?: string } = {}): Promise<RunningStandin> {
  const { app, stats } = buildStandin(options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port ?? 0;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/v1`,
    stats: () => structuredClone(stats),
    close: () => app.close(),
  };
}
