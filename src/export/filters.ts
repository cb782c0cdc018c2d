// Sample filters from text (CLI flags); the API reads the same names from its query string, typed by its
// JSON schema, and shares `parseSince`.
import { FlywheelError } from '../errors.ts';
import type { SampleFilters } from '../store/samples.ts';

/**
 * `since` is a sample id (a whole number) or a creation time (ISO 8601 with a time zone, e.g.
 * 2025-01-31T00:00:00Z); both exclusive. Undefined when it is neither.
 */
export function parseSince(raw: string): SampleFilters['since'] | undefined {
  const text = raw.trim();
  if (/^\d{1,15}$/.test(text)) return { id: Number(text) };
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : { createdAt: date };
}

const usage = (message: string) => new FlywheelError('FLY_USAGE', message);

function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) throw usage(`--${flag}: expected a whole number in ${min}..${max}, got "${raw}"`);
  return n;
}

function bit(flag: string, raw: string): 0 | 1 {
  if (raw !== '0' && raw !== '1') throw usage(`--${flag}: expected 0 or 1, got "${raw}"`);
  return raw === '1' ? 1 : 0;
}

/** The filter flags of `flywheel export` (names as in the API's query string, with dashes). */
export const filterOptions = {
  round: { type: 'string' },
  checkpoint: { type: 'string' },
  language: { type: 'string' },
  topic: { type: 'string' },
  difficulty: { type: 'string' },
  'judge-correct': { type: 'string' },
  'judge-style': { type: 'string' },
  'min-revisions': { type: 'string' },
  since: { type: 'string' },
} as const;

export function filtersFromFlags(values: Record<string, unknown>): SampleFilters {
  const f: SampleFilters = {};
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);
  const round = text('round');
  if (round !== undefined) f.round = wholeNumber('round', round, 1, Number.MAX_SAFE_INTEGER);
  const checkpoint = text('checkpoint');
  if (checkpoint !== undefined) f.checkpoint = wholeNumber('checkpoint', checkpoint, 1, Number.MAX_SAFE_INTEGER);
  const language = text('language');
  if (language !== undefined) f.language = language;
  const topic = text('topic');
  if (topic !== undefined) f.topic = topic;
  const difficulty = text('difficulty');
  if (difficulty !== undefined) f.difficulty = difficulty;
  const correct = text('judge-correct');
  if (correct !== undefined) f.judgeCorrect = bit('judge-correct', correct);
  const style = text('judge-style');
  if (style !== undefined) f.judgeStyle = bit('judge-style', style);
  const revisions = text('min-revisions');
  if (revisions !== undefined) f.minRevisions = wholeNumber('min-revisions', revisions, 0, 1000);
  const since = text('since');
  if (since !== undefined) {
    const parsed = parseSince(since);
    if (!parsed) throw usage(`--since: expected a sample id or an ISO 8601 time such as 2025-01-31T00:00:00Z, got "${since}"`);
    f.since = parsed;
  }
  return f;
}
