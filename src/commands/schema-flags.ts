// Flags from a TypeBox object schema, so a command line takes what an API query string takes: a flag per
// property (its name with dashes for underscores), its usage line from the property's description, and its
// text checked by the property's schema. Integer and string properties only: what query strings hold.
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { FlywheelError } from '../errors.ts';

export const flagOf = (property: string) => property.replace(/_/g, '-');

/** The flags for parseArgs: text each, converted and checked by `valuesOfFlags`. */
export function flagOptions(schema: TObject): Record<string, { type: 'string' }> {
  return Object.fromEntries(Object.keys(schema.properties).map((name) => [flagOf(name), { type: 'string' as const }]));
}

function placeholder(p: TSchema): string {
  if (Array.isArray(p.enum)) return p.enum.join('|');
  return p.type === 'integer' ? 'N' : 'TEXT';
}

/** A usage line per flag, `  --name N` then its description from column `column`, as a command's usage writes them. */
export function flagUsage(schema: TObject, column = 29): string[] {
  return Object.entries(schema.properties).map(([name, p]) => {
    const description = String(p.description ?? '').replace(/\.$/, '');
    return `  --${flagOf(name)} ${placeholder(p)}`.padEnd(column - 1) + ` ${description.charAt(0).toLowerCase()}${description.slice(1)}`;
  });
}

/** What a property takes, in the words of a usage error (`--round: expected ...`). */
function expected(p: TSchema): string {
  if (Array.isArray(p.enum)) return p.enum.join(' or ');
  if (p.type === 'integer') return `a whole number in ${p.minimum ?? 0}..${p.maximum ?? Number.MAX_SAFE_INTEGER}`;
  if (p.minLength !== undefined && p.maxLength !== undefined) return `${p.minLength}..${p.maxLength} characters`;
  return p.maxLength === undefined ? 'a text' : `at most ${p.maxLength} characters`;
}

/**
 * The flags given as the schema's values (integer properties as numbers); a text the schema refuses is a
 * FLY_USAGE error naming the flag and what it takes. TypeBox checks its own keywords; JSON schema's `enum`
 * (an integer's allowed values) is checked here.
 */
export function valuesOfFlags<T extends TObject>(schema: T, values: Record<string, unknown>): Static<T> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(schema.properties)) {
    const raw = values[flagOf(name)];
    if (typeof raw !== 'string') continue;
    const value = p.type === 'integer' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
    if (!Value.Check(p, value) || (Array.isArray(p.enum) && !p.enum.includes(value))) {
      throw new FlywheelError('FLY_USAGE', `--${flagOf(name)}: expected ${expected(p)}, got "${raw}"`);
    }
    out[name] = value;
  }
  return out as Static<T>;
}
