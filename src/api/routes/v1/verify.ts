// POST /v1/verify: the checks of `flywheel verify` (parse, lint, tests in the sandbox) for one sample, or a
// batch with results in input order. An item is held to the single sample's schema, so a malformed one makes
// the request a 400 before anything runs; an item only the checks can refuse (an unknown language) gets its own
// `error` result. The checks go through the API's queue (ctx.checks) in the sandbox's `api` lane, and a client
// that leaves takes its checks still waiting and its sandbox jobs still queued with it.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { CheckInput, Verdict } from '../../../checks/index.ts';
import { readCheckItem, type ItemId } from '../../../checks/input.ts';
import { makeVerdict } from '../../../checks/verdict.ts';
import { describeError, FlywheelError, isFlywheelError } from '../../../errors.ts';
import { clientGone } from '../../client-gone.ts';
import type { ApiContext } from '../../context.ts';
import { responses } from '../../schemas/common.ts';
import { batchResultSchema, resultSchema, verifyBody, type VerifyBody } from '../../schemas/verify.ts';

// A full batch of samples of a few KiB each, with room to spare.
const BODY_LIMIT = 16 * 1024 * 1024;

function inputError(problem: string, outputBytes: number): Verdict {
  return makeVerdict(
    { status: 'error', stage: null, diagnostics: [{ stage: 'parse', severity: 'error', message: problem, rule: 'flywheel:input' }] },
    performance.now(),
    outputBytes,
  );
}

/** The check input of a sample the schema passed, as `flywheel verify` reads a line. */
function inputOf(value: unknown, where: string): { id: ItemId; input: CheckInput } {
  const item = readCheckItem(value, true);
  if ('problem' in item) throw new FlywheelError('FLY_BAD_REQUEST', `${where}: ${item.problem}`);
  return item;
}

export function verifyRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { config } = ctx.services;
  const outputBytes = config.sandboxOutputBytes;
  const maxItems = config.verifyMaxItems;

  /** The checks of one request; a full queue is a 429 whose retry-after estimates when there will be room. */
  const checkAll = (inputs: CheckInput[], reply: FastifyReply): Promise<PromiseSettledResult<Verdict>[]> =>
    ctx.checks.checkAll(inputs, clientGone(reply));

  return async (app) => {
    app.post<{ Body: VerifyBody }>('/verify', {
      bodyLimit: BODY_LIMIT,
      // Counted before validation, so a huge batch is refused with its own code before ajv walks its items.
      preValidation: async (request) => {
        const body: unknown = request.body;
        const items = typeof body === 'object' && body !== null ? (body as { items?: unknown }).items : undefined;
        if (Array.isArray(items) && items.length > maxItems) {
          throw new FlywheelError('FLY_VERIFY_TOO_MANY_ITEMS', `body.items holds ${items.length} samples, more than the ${maxItems} a request may hold: split the batch`);
        }
      },
      schema: {
        summary: 'Check one sample {id?, language, code, tests, entryPoint?} or a batch {items: [...]}',
        tags: ['verify'],
        body: verifyBody(maxItems),
        response: responses({ 200: { oneOf: [resultSchema, batchResultSchema] } }),
      },
    }, async (request, reply) => {
      const { items, ...single } = request.body;
      if (items !== undefined) {
        if (Object.keys(single).length > 0) throw new FlywheelError('FLY_BAD_REQUEST', `body: send either items or one sample's fields, not both (found ${Object.keys(single).join(', ')} beside items)`);
        const read = items.map((item, index) => inputOf(item, `body.items.${index}`));
        const settled = await checkAll(read.map((r) => r.input), reply);
        const results = settled.map((s, index) => {
          if (s.status === 'fulfilled') return { index, id: read[index]?.id ?? null, ...s.value };
          const message = isFlywheelError(s.reason, 'FLY_LANGUAGE_UNKNOWN') ? s.reason.message : `checker failed: ${describeError(s.reason)}`;
          return { index, id: read[index]?.id ?? null, ...inputError(`item ${index}: ${message}`, outputBytes) };
        });
        const summary = { pass: 0, fail: 0, error: 0 };
        for (const r of results) summary[r.status]++;
        return { results, summary };
      }
      const missing = (['language', 'code', 'tests'] as const).filter((k) => single[k] === undefined);
      if (missing.length > 0) throw new FlywheelError('FLY_BAD_REQUEST', `body is missing the field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} (or send a batch as items)`);
      const [result] = await checkAll([inputOf(single, 'body').input], reply);
      if (result?.status === 'fulfilled') return { id: single.id ?? null, ...result.value };
      const err: unknown = result?.reason;
      if (isFlywheelError(err, 'FLY_LANGUAGE_UNKNOWN')) throw new FlywheelError('FLY_LANGUAGE_UNKNOWN', err.message);
      throw err;
    });
  };
}
