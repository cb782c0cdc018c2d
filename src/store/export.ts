// The export's reads: accepted samples in id order through a server-side cursor, one query per format with
// only the columns that format writes. JSON columns come as their text: the raw format copies that text into
// its lines as it is, so no row's JSON is parsed and printed again on its way through.
import type { Db } from './db.ts';
import { SAMPLE_FILTER_SQL, sampleFilterParams, type SampleFilters } from './listing.ts';

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

// Rows fetched per round trip: big enough that the round trips do not show, small enough to stay flat.
const BATCH = 500;

const BASE = `s.id, s.round_id, s.checkpoint_id, c.name as checkpoint_name, s.language, s.topic, s.difficulty, s.content_hash`;
const FROM = `from samples s join checkpoints c on c.id = s.checkpoint_id where ${SAMPLE_FILTER_SQL} order by s.id`;

/** Each format's query; parameters are the filters' (sampleFilterParams). The benchmark COPYs the same text. */
export const exportQueries = {
  chat: `select ${BASE}, s.problem::text as problem, s.solution ${FROM}`,
  dialog: `select ${BASE}, s.dialog::text as dialog ${FROM}`,
  raw: `select ${BASE}, s.problem_id, s.parent_id, s.problem::text as problem, s.solution, s.tests, s.dialog::text as dialog,
    s.verdict::text as verdict, s.judge_correct, s.judge_style, s.revisions, s.prompt_versions::text as prompt_versions,
    s.prompt_tokens, s.completion_tokens, s.created_at ${FROM}`,
} as const;

export function exportChatRows(db: Db, filters: SampleFilters): AsyncIterable<ExportChatRow> {
  return db.stream<ExportChatRow>(exportQueries.chat, sampleFilterParams(filters), BATCH);
}

export function exportDialogRows(db: Db, filters: SampleFilters): AsyncIterable<ExportDialogRow> {
  return db.stream<ExportDialogRow>(exportQueries.dialog, sampleFilterParams(filters), BATCH);
}

export function exportRawRows(db: Db, filters: SampleFilters): AsyncIterable<ExportRawRow> {
  return db.stream<ExportRawRow>(exportQueries.raw, sampleFilterParams(filters), BATCH);
}
