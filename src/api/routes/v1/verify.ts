// POST /v1/verify: the checks of `flywheel verify` (parse, lint, tests in the sandbox) for one sample, or a
// batch checked at once with results in input order. As in the CLI, a malformed item of a batch gets its
// own `error` result naming the problem and the rest are still checked; a malformed single sample is a 400.
import type { FastifyPluginAsync } from 'fastify';
import type { Checker, Verdict } from '../../../checks/index.ts';
import { readCheckItem, type ItemId } from '../../../checks/input.ts';
import { makeVerdict } from '../../../checks/verdict.ts';
import { describeError, FlywheelError, isFlywheelError } from '../../../errors.ts';
import type { ApiContext } from '../../context.ts';
import { responses } from '../../schemas/common.ts';
import { batchResultSchema, resultSchema, verifyBody, type VerifyBody } from '../../schemas/verify.ts';

// A batch of a thousand samples of a few KiB each, with room to spare.
const BODY_LIMIT = 16 * 1024 * 1024;

function inputError(problem: string, outputBytes: number): Verdict {
  return makeVerdict(
    { status: 'error', stage: null, diagnostics: [{ stage: 'parse', severity: 'error', message: problem, rule: 'flywheel:input' }] },
    performance.now(),
    outputBytes,
  );
}

/** An item of a batch checked as the CLI checks a line: shape first, then the checks; never throws. */
async function checkItem(value: unknown, index: number, checker: Checker, outputBytes: number): Promise<{ id: ItemId; verdict: Verdict }> {
  const item = readCheckItem(value, true);
  if ('problem' in item) return { id: item.id, verdict: inputError(`item ${index}: ${item.problem}`, outputBytes) };
  try {
    return { id: item.id, verdict: await checker.check(item.input) };
  } catch (err) {
    const message = isFlywheelError(err, 'FLY_LANGUAGE_UNKNOWN') ? err.message : `checker failed: ${describeError(err)}`;
    return { id: item.id, verdict: inputError(`item ${index}: ${message}`, outputBytes) };
  }
}

export function verifyRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { checker, config } = ctx.services;
  const outputBytes = config.sandboxOutputBytes;
  return async (app) => {
    app.post<{ Body: VerifyBody }>('/verify', {
      bodyLimit: BODY_LIMIT,
      schema: {
        summary: 'Check one sample {id?, language, code, tests} or a batch {items: [...]}',
        tags: ['verify'],
        body: verifyBody,
        response: responses({ 200: { oneOf: [resultSchema, batchResultSchema] } }),
      },
    }, async (request) => {
      const { items, ...single } = request.body;
      if (items !== undefined) {
        if (Object.keys(single).length > 0) throw new FlywheelError('FLY_BAD_REQUEST', `body: send either items or one sample's fields, not both (found ${Object.keys(single).join(', ')} beside items)`);
        const checked = await Promise.all(items.map((item, index) => checkItem(item, index, checker, outputBytes)));
        const summary = { pass: 0, fail: 0, error: 0 };
        for (const c of checked) summary[c.verdict.status]++;
        return { results: checked.map((c, index) => ({ index, id: c.id, ...c.verdict })), summary };
      }
      const missing = (['language', 'code', 'tests'] as const).filter((k) => single[k] === undefined);
      if (missing.length > 0) throw new FlywheelError('FLY_BAD_REQUEST', `body is missing the field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} (or send a batch as items)`);
      const item = readCheckItem(single, true);
      if ('problem' in item) throw new FlywheelError('FLY_BAD_REQUEST', `body: ${item.problem}`);
      try {
        const verdict = await checker.check(item.input);
        return { id: single.id ?? null, ...verdict };
      } catch (err) {
        if (isFlywheelError(err, 'FLY_LANGUAGE_UNKNOWN')) throw new FlywheelError('FLY_LANGUAGE_UNKNOWN', err.message);
        throw err;
      }
    });
  };
}
