// The filters of sample listings and exports, defined once. This schema is the query string of GET /v1/samples
// and GET /v1/export (and so their OpenAPI parameters), the filter flags of `flywheel export` (the same names
// with dashes, checked by the same schema), the manifest's `filters`, and, with `since` parsed, what the store
// takes.
import { Type, type Static } from '@sinclair/typebox';

const id = (description: string) => Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description });

// JSON schema's enum on an integer, not TypeBox's union of literals: a wrong value is then "must be equal to one
// of the allowed values", and the API's query coercion sees an integer to convert the text to.
const bit = (description: string) => Type.Unsafe<0 | 1>(Type.Integer({ enum: [0, 1], description }));

export const sampleFilterQuery = Type.Partial(Type.Object({
  round: id('Round id.'),
  checkpoint: id('Checkpoint id.'),
  language: Type.String({ minLength: 1, maxLength: 50, description: 'Language of the samples.' }),
  topic: Type.String({ minLength: 1, maxLength: 200, description: 'Topic of the problems, as in prompts/topics.txt.' }),
  difficulty: Type.String({ minLength: 1, maxLength: 50, description: 'Difficulty of the problems, as in prompts/difficulties.txt.' }),
  judge_correct: bit("The judge's score for correctness."),
  judge_style: bit("The judge's score for style."),
  min_revisions: Type.Integer({ minimum: 0, maximum: 1000, description: 'Samples that took at least this many revisions (1: self-corrected).' }),
  since: Type.String({ maxLength: 40, description: 'Exclusive lower bound: a sample id, or an ISO 8601 creation time such as 2025-01-31T00:00:00Z.' }),
}));

/** The filters as query parameters (snake_case, as in the export's lines). */
export type SampleFilterQuery = Static<typeof sampleFilterQuery>;

/** A sample id or a creation time, both exclusive. */
export type SampleSince = { id: number } | { createdAt: Date };

/** The filters as the store takes them: the query's, with `since` parsed. */
export type SampleFilters = Omit<SampleFilterQuery, 'since'> & { since?: SampleSince };

/** The filters as the manifest records them: the query's, with `since` an id or an ISO time. */
export type SampleFilterParams = Omit<SampleFilterQuery, 'since'> & { since?: number | string };

const names = Object.keys(sampleFilterQuery.properties) as (keyof SampleFilterQuery)[];

/** The filters given, in the schema's order (the manifest's is stable whatever the query's). */
function given(f: Partial<Record<keyof SampleFilterQuery, unknown>>): Omit<SampleFilterQuery, 'since'> {
  return Object.fromEntries(names.filter((n) => n !== 'since' && f[n] !== undefined).map((n) => [n, f[n]]));
}

const SINCE_EXPECTED = 'a sample id or an ISO 8601 time such as 2025-01-31T00:00:00Z';

/**
 * `since` is a sample id (a whole number) or a creation time (ISO 8601 with a time zone, e.g.
 * 2025-01-31T00:00:00Z). Undefined when it is neither.
 */
export function parseSince(raw: string): SampleSince | undefined {
  const text = raw.trim();
  if (/^\d{1,15}$/.test(text)) return { id: Number(text) };
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : { createdAt: date };
}

/** Makes the error for a value the schema let through but the filters cannot take, in the words of its caller. */
export type FilterRefusal = (name: keyof SampleFilterQuery, expected: string, got: string) => Error;

/** The store's filters from a query the schema accepted; a `since` that is neither an id nor a time is refused. */
export function toSampleFilters(q: SampleFilterQuery, refuse: FilterRefusal): SampleFilters {
  const filters: SampleFilters = given(q);
  if (q.since !== undefined) {
    const since = parseSince(q.since);
    if (!since) throw refuse('since', SINCE_EXPECTED, q.since);
    filters.since = since;
  }
  return filters;
}

/** The filters as query parameters, the form the API and the CLI take them back in. */
export function filtersAsParams(f: SampleFilters): SampleFilterParams {
  const params: SampleFilterParams = given(f);
  if (f.since) params.since = 'id' in f.since ? f.since.id : f.since.createdAt.toISOString();
  return params;
}
