// POST /v1/verify: the checks of `flywheel verify` (parse, lint, tests in the sandbox) for one sample, or a
// batch checked at once with results in input order. As in the CLI, a malformed item of a batch gets its
// own `error` result naming the problem and the rest are still checked; a malformed single sample is a 400.
import type { FastifyPluginAsync } from 'fastify';
import type { Checker, Verdict } from '../../../checks/index.ts';
import { makeVerdict } from '../../../checks/verdict.ts';
import { describeError, FlywheelError, isFlywheelError } from '../../../errors.ts';
import type { ApiContext } from '../../context.ts';
import { responses } from '../../schemas/common.ts';
import { batchResultSchema, resultSchema, verifyBody, type VerifyBody } from '../../schemas/verify.ts';

// A batch of a thousand samples of a few KiB each, with room to spare.
const BODY_LIMIT = 16 * 1024 * 1024;

type ItemId = string | number | null;

function inputError(problem: string, outputBytes: number): Verdict {
  return makeVerdict(
    { status: 'error', stage: null, diagnostics: [{ stage: 'parse', severity: 'error', message: problem, rule: 'flywheel:input' }] },
    performance.now(),
    outputBytes,
  );
}

/** An item of a batch checked as the CLI checks a line: shape first, then the checks; never throws. */
async function checkItem(item: unknown, index: number, checker: Checker, outputBytes: number): Promise<{ id: ItemId; verdict: Verdict }> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { id: null, verdict: inputError(`item ${index}: not a JSON object`, outputBytes) };
  const record = item as Record<string, unknown>;
  const id = typeof record.id === 'string' || typeof record.id === 'number' ? record.id : null;
  const missing = ['language', 'code', 'tests'].filter((k) => record[k] === undefined || record[k] === null);
  if (missing.length > 0) return { id, verdict: inputError(`item ${index}: missing field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, outputBytes) };
  const wrong = ['language', 'code', 'tests'].filter((k) => typeof record[k] !== 'string');
  if (wrong.length > 0) return { id, verdict: inputError(`item ${index}: field${wrong.length > 1 ? 's' : ''} ${wrong.join(', ')} must be strings`, outputBytes) };
  const unknown = Object.keys(record).filter((k) => !['id', 'language', 'code', 'tests'].includes(k));
  if (unknown.length > 0) return { id, verdict: inputError(`item ${index}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`, outputBytes) };
  try {
    return { id, verdict: await checker.check({ language: record.language as string, code: record.code as string, tests: record.tests as string }) };
  } catch (err) {
    const message = isFlywheelError(err, 'FLY_LANGUAGE_UNKNOWN') ? err.message : `checker failed: ${describeError(err)}`;
    return { id, verdict: inputError(`item ${index}: ${message}`, outputBytes) };
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
      try {
        const verdict = await checker.check({ language: single.language as string, code: single.code as string, tests: single.tests as string });
        return { id: single.id ?? null, ...verdict };
      } catch (err) {
        if (isFlywheelError(err, 'FLY_LANGUAGE_UNKNOWN')) throw new FlywheelError('FLY_LANGUAGE_UNKNOWN', err.message);
        throw err;
      }
    });
  };
}
