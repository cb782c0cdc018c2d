// One sample to check as the outside world sends it: a `flywheel verify` line or a `/v1/verify` item. Both
// read it here, so the fields and their errors are the same everywhere.
import type { CheckInput } from './checker.ts';

export type ItemId = string | number | null;

/** `entry_point` is HumanEval's and MBPP's name for it; `entryPoint` the API's camelCase. */
const KNOWN = new Set(['id', 'language', 'code', 'tests', 'entry_point', 'entryPoint']);

/**
 * The check input of a parsed JSON value, or what is wrong with it. `strict` refuses fields it does not know
 * (the API); a dataset line may carry its own (task_id, prompt, ...), which `verify` ignores.
 */
export function readCheckItem(value: unknown, strict: boolean): { id: ItemId; input: CheckInput } | { id: ItemId; problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { id: null, problem: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  const id = typeof record.id === 'string' || typeof record.id === 'number' ? record.id : null;
  const missing = ['language', 'code', 'tests'].filter((k) => record[k] === undefined || record[k] === null);
  if (missing.length > 0) return { id, problem: `missing field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` };
  const entry = record.entry_point ?? record.entryPoint;
  const wrong = ['language', 'code', 'tests'].filter((k) => typeof record[k] !== 'string');
  if (entry !== undefined && entry !== null && typeof entry !== 'string') wrong.push(record.entry_point !== undefined ? 'entry_point' : 'entryPoint');
  if (wrong.length > 0) return { id, problem: `field${wrong.length > 1 ? 's' : ''} ${wrong.join(', ')} must be strings` };
  const unknown = strict ? Object.keys(record).filter((k) => !KNOWN.has(k)) : [];
  if (unknown.length > 0) return { id, problem: `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}` };
  const input: CheckInput = { language: record.language as string, code: record.code as string, tests: record.tests as string };
  if (typeof entry === 'string') input.entryPoint = entry;
  return { id, input };
}
