// Shared pieces of the API's JSON schemas. Bodies and query strings are closed (additionalProperties
// false): with ajv's removeAdditional off an unknown field is a 400 naming it, not silently dropped.
export const errorSchema = {
  type: 'object',
  description: 'Every error: a stable code (FLY_*) and a message naming the problem; 5xx messages say only "internal error" and the request id.',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

/** Response schemas with the error shape for every 4xx and 5xx. */
export function responses<T extends Record<number, unknown>>(ok: T): T & { '4xx': typeof errorSchema; '5xx': typeof errorSchema } {
  return { ...ok, '4xx': errorSchema, '5xx': errorSchema };
}

export const id = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
export const dateTime = { type: 'string', format: 'date-time' } as const;
export const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
/** A JSON object of any shape (settings, stats, problem, verdict). */
export const anyObject = { type: 'object', additionalProperties: true } as const;

export const idParams = {
  type: 'object',
  properties: { id },
  required: ['id'],
  additionalProperties: false,
} as const;

export interface IdParams {
  id: number;
}

export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Items per page.' },
  cursor: { type: 'string', maxLength: 64, description: 'The `nextCursor` of the previous page (opaque).' },
} as const;

export const pageOf = (item: unknown) => ({
  type: 'object',
  properties: {
    items: { type: 'array', items: item },
    nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
  },
  required: ['items', 'nextCursor'],
}) as const;
