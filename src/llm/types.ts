// What a model call returns and what it leaves behind. Calls never throw for the model's or the server's
// failures: they return `ok: false` with a stable code, and the same outcome is in the call record.
import type { Stage } from './settings.ts';

export type LlmErrorCode = 'FLY_LLM_UNAVAILABLE' | 'FLY_LLM_BAD_REQUEST' | 'FLY_LLM_MALFORMED';

export interface LlmError {
  code: LlmErrorCode;
  message: string;
  /** HTTP status of the last attempt, when there was one. */
  status: number | null;
}

/** One model call (all its attempts), for the pipeline to persist through `onCall`. */
export interface CallRecord {
  stage: Stage;
  promptVersion: string | null;
  /** checkpoints.id of the model that answered, when known. */
  checkpointId: number | null;
  model: string;
  startedAt: string;
  latencyMs: number;
  /** As the server reported them for the attempt that succeeded; null when it reported none (or none succeeded). */
  promptTokens: number | null;
  completionTokens: number | null;
  /** Finish reason of each choice of the final attempt ('stop', 'length', ...). */
  finishReasons: string[];
  /** Attempts made, the first one included: retries = attempts - 1. */
  attempts: number;
  /** Why each failed attempt failed, in order. */
  attemptErrors: string[];
  n: number;
  stream: boolean;
  error: LlmError | null;
}

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface Choice {
  text: string;
  finishReason: string;
}

export type Outcome<T> = ({ ok: true } & T & { record: CallRecord }) | { ok: false; error: LlmError; record: CallRecord };

export type CompletionOutcome = Outcome<{ choices: Choice[]; text: string; finishReason: string }>;

export type StructuredChoice<T> = { ok: true; value: T; raw: string } | { ok: false; error: string; raw: string };

/** `value` is the first valid choice; `choices` holds every choice, valid or not. */
export type StructuredOutcome<T> = Outcome<{ value: T; choices: StructuredChoice<T>[] }>;

export interface CodeChoice {
  code: string;
  text: string;
  finishReason: string;
  /** The answer was cut off (finish reason `length` or an unclosed fence). */
  truncated: boolean;
}

export type CodeOutcome = Outcome<{ code: string; text: string; truncated: boolean; choices: (CodeChoice | null)[] }>;

export interface UsageTotals {
  calls: number;
  failedCalls: number;
  attempts: number;
  promptTokens: number;
  completionTokens: number;
}
