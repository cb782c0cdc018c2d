// Query strings and path parameters arrive as text; their schemas say integer or boolean. Ajv's coerceTypes
// would do the conversion but also for bodies, where `{"size": "5"}` must be a 400, so the coercion is
// ours and only for these two parts: a value that does not convert is left as text and fails validation.
import type { FastifyInstance } from 'fastify';

interface PropertySchema {
  type?: string | string[];
}

function coerce(value: unknown, schema: PropertySchema | undefined): unknown {
  if (typeof value !== 'string' || !schema?.type) return value;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string')) return value;
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (types.includes('boolean')) {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
  }
  return value;
}

function coerceAll(target: unknown, schema: unknown): void {
  const properties = (schema as { properties?: Record<string, PropertySchema> } | undefined)?.properties;
  if (!properties || typeof target !== 'object' || target === null) return;
  const record = target as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) record[key] = coerce(value, properties[key]);
}

export function addCoercion(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const schema = request.routeOptions.schema;
    if (!schema) return;
    coerceAll(request.query, schema.querystring);
    coerceAll(request.params, schema.params);
  });
}
