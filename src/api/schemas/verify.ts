// POST /v1/verify: the checks of `flywheel verify` for one sample or a batch. An item of a batch has the very
// schema of a single sample, so the same caps hold for both.
import { languageNames } from '../../languages/registry.ts';

const itemProperties = {
  id: { type: ['string', 'integer', 'null'], maxLength: 200, description: 'Echoed in the result.' },
  language: { type: 'string', minLength: 1, maxLength: 50, description: `One of ${languageNames.join(', ')}.` },
  code: { type: 'string', maxLength: 1_000_000 },
  tests: { type: 'string', maxLength: 1_000_000 },
  entryPoint: { type: 'string', maxLength: 200, description: 'The function `check(candidate)` tests are for (HumanEval\'s entry_point); appended as `check(<entryPoint>)` when the tests never call check.' },
} as const;

export const verifyItem = {
  type: 'object',
  properties: itemProperties,
  required: ['language', 'code', 'tests'],
  additionalProperties: false,
} as const;

/** The body with at most `maxItems` items (VERIFY_MAX_ITEMS; the route answers more with a 413 before validation). */
export function verifyBody(maxItems: number) {
  return {
    type: 'object',
    description: 'One sample `{id?, language, code, tests, entryPoint?}`, or a batch `{items: [...]}` of such samples; an item that breaks the schema makes the whole request a 400.',
    properties: {
      ...itemProperties,
      items: { type: 'array', minItems: 1, maxItems, items: verifyItem, description: `Up to ${maxItems} samples (VERIFY_MAX_ITEMS), checked in order, VERIFY_CONCURRENCY at a time over all requests.` },
    },
    additionalProperties: false,
  } as const;
}

export interface VerifyItem {
  id?: string | number | null;
  language: string;
  code: string;
  tests: string;
  entryPoint?: string;
}

export type VerifyBody = Partial<VerifyItem> & { items?: VerifyItem[] };

export const verdictSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['pass', 'fail', 'error'] },
    stage: { type: ['string', 'null'] },
    diagnostics: { type: 'array', items: { type: 'object', additionalProperties: true } },
    tests: {
      type: 'object',
      properties: {
        passed: { type: 'integer' },
        failed: { type: 'integer' },
        cases: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, status: { type: 'string' }, message: { type: 'string' } },
            required: ['name', 'status', 'message'],
          },
        },
      },
      required: ['passed', 'failed', 'cases'],
    },
    stdout: { type: 'string' },
    stderr: { type: 'string' },
    stdoutTruncated: { type: 'boolean' },
    stderrTruncated: { type: 'boolean' },
    exitCode: { type: ['integer', 'null'] },
    timedOut: { type: 'boolean' },
    limit: { type: ['string', 'null'] },
    durationMs: { type: 'integer' },
  },
  required: ['status', 'stage', 'diagnostics', 'tests', 'stdout', 'stderr', 'stdoutTruncated', 'stderrTruncated', 'exitCode', 'timedOut', 'limit', 'durationMs'],
} as const;

const idField = { id: { type: ['string', 'integer', 'null'] } } as const;

export const resultSchema = {
  type: 'object',
  properties: { ...idField, ...verdictSchema.properties },
  required: ['id', ...verdictSchema.required],
} as const;

export const batchResultSchema = {
  type: 'object',
  properties: {
    results: {
      type: 'array',
      items: { type: 'object', properties: { index: { type: 'integer' }, ...idField, ...verdictSchema.properties }, required: ['index', 'id', ...verdictSchema.required] },
    },
    summary: {
      type: 'object',
      properties: { pass: { type: 'integer' }, fail: { type: 'integer' }, error: { type: 'integer' } },
      required: ['pass', 'fail', 'error'],
    },
  },
  required: ['results', 'summary'],
} as const;
