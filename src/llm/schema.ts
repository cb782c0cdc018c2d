// A minimal JSON-schema subset: enough to describe the shapes we ask the model for, to send them to the
// server (json_schema / structured_outputs) and to validate whatever comes back, in whichever mode.

export type JsonSchema =
  | { type: 'object'; properties: Record<string, JsonSchema>; required?: readonly string[]; additionalProperties?: boolean; description?: string }
  | { type: 'array'; items: JsonSchema; minItems?: number; maxItems?: number; description?: string }
  | { type: 'string'; enum?: readonly string[]; minLength?: number; maxLength?: number; description?: string }
  | { type: 'integer' | 'number'; enum?: readonly number[]; minimum?: number; maximum?: number; description?: string }
  | { type: 'boolean'; description?: string };

/** A schema with the TypeScript type its valid values have. */
export interface Schema<T> {
  readonly name: string;
  readonly json: JsonSchema;
  /** Phantom: never set, only carries T. */
  readonly _type?: T;
}

export function defineSchema<T>(name: string, json: JsonSchema): Schema<T> {
  return { name, json };
}

/** Every way `value` breaks `schema`, as `path: problem` lines; empty when valid. */
export function validate(schema: JsonSchema, value: unknown, path = '$'): string[] {
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: expected an object`];
      const record = value as Record<string, unknown>;
      const errors: string[] = [];
      for (const key of schema.required ?? []) {
        if (!(key in record)) errors.push(`${path}.${key}: missing`);
      }
      for (const [key, item] of Object.entries(record)) {
        const sub = schema.properties[key];
        if (sub) errors.push(...validate(sub, item, `${path}.${key}`));
        else if (schema.additionalProperties === false) errors.push(`${path}.${key}: not allowed`);
      }
      return errors;
    }
    case 'array': {
      if (!Array.isArray(value)) return [`${path}: expected an array`];
      const errors: string[] = [];
      if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: expected at least ${schema.minItems} items`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: expected at most ${schema.maxItems} items`);
      value.forEach((item, i) => errors.push(...validate(schema.items, item, `${path}[${i}]`)));
      return errors;
    }
    case 'string': {
      if (typeof value !== 'string') return [`${path}: expected a string`];
      if (schema.enum && !schema.enum.includes(value)) return [`${path}: expected one of ${schema.enum.join(', ')}`];
      if (schema.minLength !== undefined && value.length < schema.minLength) return [`${path}: expected at least ${schema.minLength} characters`];
      if (schema.maxLength !== undefined && value.length > schema.maxLength) return [`${path}: expected at most ${schema.maxLength} characters`];
      return [];
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return [`${path}: expected a number`];
      if (schema.type === 'integer' && !Number.isInteger(value)) return [`${path}: expected a whole number`];
      if (schema.enum && !schema.enum.includes(value)) return [`${path}: expected one of ${schema.enum.join(', ')}`];
      if (schema.minimum !== undefined && value < schema.minimum) return [`${path}: expected >= ${schema.minimum}`];
      if (schema.maximum !== undefined && value > schema.maximum) return [`${path}: expected <= ${schema.maximum}`];
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected true or false`];
  }
}

// The shapes the pipeline asks for.

export interface ProblemExample {
  input: string;
  output: string;
  explanation?: string;
}

export interface GeneratedProblem {
  title: string;
  statement: string;
  signature: string;
  examples: ProblemExample[];
  constraints: string[];
  difficulty: string;
  tags: string[];
}

const text = (minLength = 1): JsonSchema => ({ type: 'string', minLength });

export const problemSchema = defineSchema<GeneratedProblem>('problem', {
  type: 'object',
  properties: {
    title: text(),
    statement: text(),
    signature: text(),
    examples: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: { input: text(0), output: text(0), explanation: text(0) },
        required: ['input', 'output'],
        additionalProperties: false,
      },
    },
    constraints: { type: 'array', items: text() },
    difficulty: text(),
    tags: { type: 'array', items: text() },
  },
  required: ['title', 'statement', 'signature', 'examples', 'constraints', 'difficulty', 'tags'],
  additionalProperties: false,
});

export interface JudgeAnswer {
  correct: 0 | 1;
  style: 0 | 1;
  reason: string;
}

export const judgeSchema = defineSchema<JudgeAnswer>('judge', {
  type: 'object',
  properties: {
    correct: { type: 'integer', enum: [0, 1] },
    style: { type: 'integer', enum: [0, 1] },
    reason: { type: 'string' },
  },
  required: ['correct', 'style', 'reason'],
  additionalProperties: false,
});
