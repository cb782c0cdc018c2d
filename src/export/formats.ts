// One JSONL line per accepted sample, in one of three formats:
//   chat    {..., messages: [user: the problem, assistant: the accepted solution]}     ready for SFT
//   dialog  {..., messages: the whole exchange, failed attempts and checker feedback included}
//   raw     {..., every stored column}
// Every line starts with the same fields (id, split, language, round, checkpoint, checkpoint_id,
// content_hash, topic, difficulty). Lines are put together from strings, and the raw format copies the
// JSON text Postgres hands over, because at millions of rows a parse and re-print of each dialog is most of
// the export's time.
import { displayName } from '../languages/registry.ts';
import { formatProblem, type GeneratedProblem } from '../llm/index.ts';
import type { ExportBaseRow, ExportChatRow, ExportDialogRow, ExportRawRow } from '../store/export.ts';

export const exportFormats = ['chat', 'dialog', 'raw'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** Bumped when a line's fields change meaning or go away (added fields do not bump it). */
export const EXPORT_SCHEMA_VERSION = 1;

export const DEFAULT_VALIDATION_PERCENT = 5;

export type Split = 'train' | 'validation';

/**
 * The train/validation split of a sample, from its content hash: the same sample lands on the same side in
 * every export, whatever the filters, the order or the day.
 */
export function splitOf(contentHash: string, validationPercent: number): Split {
  const bucket = Number.parseInt(contentHash.slice(0, 4), 16) % 100;
  return bucket < validationPercent ? 'validation' : 'train';
}

// Languages, topics, difficulties and checkpoint names repeat on every line: each is quoted once. The map is
// emptied when it grows past a size no real set of names reaches, so odd data cannot make it grow without end.
const quotedNames = new Map<string, string>();
function quoted(name: string): string {
  let json = quotedNames.get(name);
  if (json === undefined) {
    if (quotedNames.size >= 10_000) quotedNames.clear();
    json = JSON.stringify(name);
    quotedNames.set(name, json);
  }
  return json;
}

/** The fields every format starts with, as JSON text without the closing brace. */
function head(row: ExportBaseRow, split: Split): string {
  return `{"id":${row.id},"split":"${split}","language":${quoted(row.language)},"round":${row.round_id},` +
    `"checkpoint":${quoted(row.checkpoint_name)},"checkpoint_id":${row.checkpoint_id},"content_hash":${JSON.stringify(row.content_hash)},` +
    `"topic":${quoted(row.topic)},"difficulty":${quoted(row.difficulty)}`;
}

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** The problem as the user asks it, in the words of the solution prompt. */
export function problemTurn(problem: Partial<GeneratedProblem>, language: string): string {
  const text = formatProblem({
    title: problem.title ?? '',
    statement: problem.statement ?? '',
    signature: problem.signature ?? '',
    examples: Array.isArray(problem.examples) ? problem.examples : [],
    constraints: Array.isArray(problem.constraints) ? problem.constraints : [],
  });
  return `Solve the programming exercise below in ${displayName(language)}.\n\n${text}`;
}

/** The accepted solution as the assistant answers it: one fenced block, as the prompts ask for. */
export function solutionTurn(solution: string, language: string): string {
  return `\`\`\`${language}\n${solution.trimEnd()}\n\`\`\``;
}

export function chatLine(row: ExportChatRow, split: Split): string {
  const user = problemTurn(JSON.parse(row.problem) as Partial<GeneratedProblem>, row.language);
  const assistant = solutionTurn(row.solution, row.language);
  return `${head(row, split)},"messages":[{"role":"user","content":${JSON.stringify(user)}},{"role":"assistant","content":${JSON.stringify(assistant)}}]}\n`;
}

interface StoredTurn {
  stage?: string;
  role: 'user' | 'assistant' | 'checker';
  content: string;
}

/**
 * The stored turns as chat messages. A checker turn becomes a user turn that says it is checker feedback;
 * it is followed by the revise prompt, another user turn, and consecutive turns of one role are joined so
 * roles alternate (most chat templates refuse two user turns in a row).
 */
export function dialogMessages(turns: StoredTurn[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const turn of turns) {
    const role = turn.role === 'assistant' ? 'assistant' : 'user';
    const content = turn.role === 'checker' ? `Checker feedback${turn.stage ? ` (${turn.stage})` : ''}:\n${turn.content}` : turn.content;
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.content = `${last.content}\n\n${content}`;
    else messages.push({ role, content });
  }
  return messages;
}

export function dialogLine(row: ExportDialogRow, split: Split): string {
  return `${head(row, split)},"messages":${JSON.stringify(dialogMessages(JSON.parse(row.dialog) as StoredTurn[]))}}\n`;
}

export function rawLine(row: ExportRawRow, split: Split): string {
  return `${head(row, split)},"problem_id":${row.problem_id},"parent_id":${row.parent_id ?? 'null'},` +
    `"problem":${row.problem},"solution":${JSON.stringify(row.solution)},"tests":${JSON.stringify(row.tests)},` +
    `"dialog":${row.dialog},"verdict":${row.verdict},"judge_correct":${row.judge_correct},"judge_style":${row.judge_style},` +
    `"revisions":${row.revisions},"prompt_versions":${row.prompt_versions},"prompt_tokens":${row.prompt_tokens},` +
    `"completion_tokens":${row.completion_tokens},"created_at":"${row.created_at.toISOString()}"}\n`;
}

/** The fields of each format's lines and their JSON types: what the README documents and the tests check. */
export const lineFields = {
  common: {
    id: 'integer', split: 'string', language: 'string', round: 'integer', checkpoint: 'string', checkpoint_id: 'integer',
    content_hash: 'string', topic: 'string', difficulty: 'string',
  },
  chat: { messages: 'array' },
  dialog: { messages: 'array' },
  raw: {
    problem_id: 'integer', parent_id: 'integer|null', problem: 'object', solution: 'string', tests: 'string', dialog: 'array',
    verdict: 'object', judge_correct: 'integer', judge_style: 'integer', revisions: 'integer', prompt_versions: 'object',
    prompt_tokens: 'integer', completion_tokens: 'integer', created_at: 'string',
  },
} as const;
