// The export's reads: accepted samples in id order, one query per format with only the columns that format
// writes, read in keyset pages ("where <filters> and id > $after and id <= $upTo order by id limit n"): each
// page is one short statement, and nothing (no transaction, no cursor, no pooled connection) is held between
// pages, so an export whose reader stalls holds no database resource at all. JSON columns come as their
// text: the raw format copies that text into its lines as it is, so no row's JSON is parsed and printed
// again on its way through.
import type { SampleFilters } from '../schemas/sample-filters.ts';
import type { Queryable } from './db.ts';
import { SAMPLE_FILTER_PARAMS, SAMPLE_FILTER_SQL, sampleFilterParams } from './samples.ts';

/** Columns every format writes. */
export interface ExportBaseRow {
  id: number;
  round_id: number;
  checkpoint_id: number;
  checkpoint_name: string;
  language: string;
  topic: string;
  difficulty: string;
  content_hash: string;
}

export interface ExportChatRow extends ExportBaseRow {
  /** JSON text of the stored problem. */
  problem: string;
  solution: string;
}

export interface ExportDialogRow extends ExportBaseRow {
  /** JSON text of the stored dialog: `[{stage, role, content}]`. */
  dialog: string;
}

/** Every stored column, JSON ones as JSON text. */
export interface ExportRawRow extends ExportBaseRow {
  problem_id: number;
  parent_id: number | null;
  problem: string;
  solution: string;
  tests: string;
  dialog: string;
  verdict: string;
  judge_correct: number;
  judge_style: number;
  revisions: number;
  prompt_versions: string;
  prompt_tokens: number;
  completion_tokens: number;
  created_at: Date;
}

const BASE = `s.id, s.round_id, s.checkpoint_id, c.name as checkpoint_name, s.language, s.topic, s.difficulty, s.content_hash`;
const FROM = `from samples s join checkpoints c on c.id = s.checkpoint_id where ${SAMPLE_FILTER_SQL}`;

const columns = {
  chat: `${BASE}, s.problem::text as problem, s.solution`,
  dialog: `${BASE}, s.dialog::text as dialog`,
  raw: `${BASE}, s.problem_id, s.parent_id, s.problem::text as problem, s.solution, s.tests, s.dialog::text as dialog,
    s.verdict::text as verdict, s.judge_correct, s.judge_style, s.revisions, s.prompt_versions::text as prompt_versions,
    s.prompt_tokens, s.completion_tokens, s.created_at`,
} as const;

/** Each format's whole query; parameters are the filters' (sampleFilterParams). The benchmark COPYs the same text. */
export const exportQueries = {
  chat: `select ${columns.chat} ${FROM} order by s.id`,
  dialog: `select ${columns.dialog} ${FROM} order by s.id`,
  raw: `select ${columns.raw} ${FROM} order by s.id`,
} as const;

const n = SAMPLE_FILTER_PARAMS;
const KEYSET = `and s.id > $${n + 1} and s.id <= $${n + 2} order by s.id limit $${n + 3}`;
const pageQueries = {
  chat: `select ${columns.chat} ${FROM} ${KEYSET}`,
  dialog: `select ${columns.dialog} ${FROM} ${KEYSET}`,
  raw: `select ${columns.raw} ${FROM} ${KEYSET}`,
} as const;

/** One keyset page: at most `limit` samples with `after` < id <= `upTo`. */
export interface ExportPage {
  after: number;
  upTo: number;
  limit: number;
}

const pageParams = (filters: SampleFilters, page: ExportPage) => [...sampleFilterParams(filters), page.after, page.upTo, page.limit];

/**
 * The newest sample id now (0 when there are none). An export reads up to it, so samples added while it
 * runs wait for the next incremental export instead of making this one run on without end.
 */
export async function newestSampleId(db: Queryable): Promise<number> {
  const [row] = await db.query<{ id: number }>('select coalesce(max(id), 0)::int8 as id from samples');
  return row?.id ?? 0;
}

export function exportChatPage(db: Queryable, filters: SampleFilters, page: ExportPage): Promise<ExportChatRow[]> {
  return db.query<ExportChatRow>(pageQueries.chat, pageParams(filters, page));
}

export function exportDialogPage(db: Queryable, filters: SampleFilters, page: ExportPage): Promise<ExportDialogRow[]> {
  return db.query<ExportDialogRow>(pageQueries.dialog, pageParams(filters, page));
}

export function exportRawPage(db: Queryable, filters: SampleFilters, page: ExportPage): Promise<ExportRawRow[]> {
  return db.query<ExportRawRow>(pageQueries.raw, pageParams(filters, page));
}
