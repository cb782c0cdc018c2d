// POST /v1/verify: the checks of `flywheel verify` for one sample or a batch.
export const MAX_BATCH = 1000;

const itemProperties = {
  id: { type: ['string', 'integer', 'null'], maxLength: 200, description: 'Echoed in the result.' },
  language: { type: 'string', minLength: 1, maxLength: 50, description: 'python, php, typescript or javascript.' },
  code: { type: 'string', maxLength: 1_000_000 },
  tests: { type: 'string', maxLength: 1_000_000 },
  entryPoint: { type: 'string', maxLength: 200, description: 'The function `check(candidate)` tests are for (HumanEval\'s entry_point); appended as `check(<entryPoint>)` when the tests never call check.' },
} as const;

export const verifyBody = {
  type: 'object',
  description: 'One sample `{id?, language, code, tests}`, or a batch `{items: [...]}` whose malformed items get their own `error` result.',
  properties: {
    ...itemProperties,
    items: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: {}, description: `Up to ${MAX_BATCH} samples, checked at once.` },
  },
  additionalProperties: false,
} as const;

export interface VerifyBody {
  id?: string | number | null;
  language?: string;
  code?: string;
  tests?: string;
  entryPoint?: string;
  items?: unknown[];
}

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
