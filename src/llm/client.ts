// The model client: one per checkpoint endpoint. Every call goes through the concurrency bound and the retry
// table, returns a result object (never throws for the model's or the server's failures) and leaves a
// CallRecord, handed to `onCall` so the pipeline can store it.
import { setTimeout as delay } from 'node:timers/promises';
import OpenAI from 'openai';
import { FlywheelError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { createSemaphore } from '../semaphore.ts';
import { extractCode } from './extract.ts';
import { isRetryable, RETRY_TABLE, retryDelayMs, type AttemptFailure, type RetryPolicy } from './retry.ts';
import type { Schema } from './schema.ts';
import { resolveStageSettings, structuredModes, type LlmStageSettings, type Stage, type StageSettingsOverrides, type StructuredMode } from './settings.ts';
import { choiceRequest, readChoice, readStructured, schemaRequest } from './structured.ts';
import { AttemptError, attemptChat, type ChatBody } from './transport.ts';
import type {
  CallRecord, ChatMessage, Choice, CodeChoice, CodeOutcome, CompletionOutcome, LlmError, LlmErrorCode, StructuredChoice,
  StructuredOutcome, UsageTotals,
} from './types.ts';

export interface LlmClientOptions {
  /** OpenAI-compatible endpoint, e.g. http://host:8000/v1 */
  baseUrl: string;
  /** Bearer token; empty when the server needs none. */
  apiKey: string;
  /** Served model name. */
  model: string;
  /** Most requests in flight at once (attempts, not calls: a call waiting to retry holds no slot). */
  concurrency: number;
  log: Logger;
  fetch?: typeof fetch;
  /** Stored in every call record unless a call names another. */
  checkpointId?: number | null;
  /** Overrides of the per-stage sampling defaults (settings.ts). */
  stages?: StageSettingsOverrides;
  /** How structured output is asked for; default json_schema. */
  structuredMode?: StructuredMode;
  /** Limit of one attempt, streamed body included. Default 300000 ms. */
  timeoutMs?: number;
  /** Default RETRY_TABLE; tests pass shorter delays. */
  retry?: RetryPolicy;
  onCall?: (record: CallRecord) => void | Promise<void>;
  /** Injected for tests: the wait between attempts, and the jitter's random source. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface CallRequest {
  stage: Stage;
  /** A string is one user message. */
  messages: string | readonly ChatMessage[];
  /** Version hash of the prompt template the messages were rendered from. */
  promptVersion?: string;
  checkpointId?: number;
  settings?: Partial<LlmStageSettings>;
  stream?: boolean;
  signal?: AbortSignal;
}

export interface LlmClient {
  readonly baseUrl: string;
  readonly model: string;
  /** Plain text answers. */
  complete(req: CallRequest): Promise<CompletionOutcome>;
  /** Code answers: the code of each choice (see extractCode); no code in any choice is FLY_LLM_MALFORMED. */
  code(req: CallRequest & { language: string }): Promise<CodeOutcome>;
  /** JSON answers validated against `schema`; no valid choice is FLY_LLM_MALFORMED. */
  structured<T>(req: CallRequest & { schema: Schema<T>; mode?: StructuredMode }): Promise<StructuredOutcome<T>>;
  /** One of `choices` (e.g. '0' / '1'). */
  choose(req: CallRequest & { choices: readonly string[]; mode?: StructuredMode }): Promise<StructuredOutcome<string>>;
  /** Model ids served at the endpoint (GET /models); throws FLY_LLM_UNAVAILABLE after the retry table. */
  listModels(signal?: AbortSignal): Promise<string[]>;
  /** Sums over every finished call, in all and per stage. */
  totals(): UsageTotals & { byStage: Partial<Record<Stage, UsageTotals>> };
  readonly inFlight: number;
}

interface RawCall {
  record: CallRecord;
  choices: Choice[];
}

const emptyTotals = (): UsageTotals => ({ calls: 0, failedCalls: 0, attempts: 0, promptTokens: 0, completionTokens: 0 });

function errorCode(failure: AttemptFailure): LlmErrorCode {
  if (failure.kind === 'other') return 'FLY_LLM_MALFORMED';
  if (failure.kind === 'status' && failure.status !== null && failure.status < 500 && !isRetryable(failure)) return 'FLY_LLM_BAD_REQUEST';
  return 'FLY_LLM_UNAVAILABLE';
}

/** The failure of a probe in a few words: `HTTP 500`, `connection failed (ECONNREFUSED)`, `timed out`. */
function probeFailure(failure: AttemptFailure): string {
  if (failure.kind === 'status') return `HTTP ${failure.status ?? 'error'}`;
  if (failure.kind === 'connection' || failure.kind === 'timeout' || failure.kind === 'aborted') return failure.message;
  return 'the answer is not a model list';
}

/** The system error code (ECONNREFUSED, ENOTFOUND, ...) somewhere in an error's causes, or `unknown`. */
function errnoOf(err: unknown): string {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
    current = current.cause;
  }
  return 'unknown';
}

// Calls of later stages go first when requests wait for a slot: work already started finishes before new
// problems are begun, which keeps the sandboxes fed early in a round and shortens its tail.
const stagePriority: Record<Stage, number> = { problem: 0, solution: 1, tests: 2, translate: 3, revise: 4, judge: 5 };

export function createLlmClient(options: LlmClientOptions): LlmClient {
  const stageSettings = resolveStageSettings(options.stages);
  const mode = options.structuredMode ?? 'json_schema';
  if (!structuredModes.includes(mode)) throw new FlywheelError('FLY_CONFIG_INVALID', `unknown structured output mode "${String(mode)}"`);
  if (options.baseUrl === '') throw new FlywheelError('FLY_CONFIG_INVALID', 'the model endpoint (LLM_BASE_URL) is not set');
  const timeoutMs = options.timeoutMs ?? 300_000;
  const policy = options.retry ?? RETRY_TABLE;
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : {}));
  const random = options.random ?? Math.random;
  const log = options.log;
  const semaphore = createSemaphore(options.concurrency);
  const sdk = new OpenAI({
    baseURL: options.baseUrl,
    // The SDK insists on a key; vLLM started without --api-key ignores it.
    apiKey: options.apiKey === '' ? 'EMPTY' : options.apiKey,
    maxRetries: 0,
    timeout: timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const totals = emptyTotals();
  const byStage: Partial<Record<Stage, UsageTotals>> = {};

  /** Runs `attempt` under the semaphore until it succeeds or the table says stop. */
  async function withRetries<T>(
    what: string,
    signal: AbortSignal | undefined,
    attempt: () => Promise<T>,
    priority = 0,
  ): Promise<{ ok: true; value: T; attempts: number; attemptErrors: string[] } | { ok: false; failure: AttemptFailure; attempts: number; attemptErrors: string[] }> {
    const attemptErrors: string[] = [];
    for (let n = 1; ; n++) {
      try {
        const value = await semaphore.run(attempt, priority);
        return { ok: true, value, attempts: n, attemptErrors };
      } catch (err) {
        const failure: AttemptFailure = err instanceof AttemptError
          ? err.failure
          : { kind: 'other', status: null, message: err instanceof Error ? err.message : String(err), headers: null };
        attemptErrors.push(failure.status === null ? failure.message : `${failure.status}: ${failure.message}`);
        if (!isRetryable(failure, policy) || n >= policy.maxAttempts || signal?.aborted) {
          return { ok: false, failure, attempts: n, attemptErrors };
        }
        const wait = retryDelayMs(n - 1, failure, policy, random);
        log.warn({ what, attempt: n, wait, error: attemptErrors[attemptErrors.length - 1] }, 'model request failed, retrying');
        try {
          await sleep(wait, signal);
        } catch {
          return { ok: false, failure: { kind: 'aborted', status: null, message: 'aborted by the caller', headers: null }, attempts: n, attemptErrors };
        }
      }
    }
  }

  async function call(req: CallRequest, extra: Record<string, unknown>): Promise<RawCall> {
    const s: LlmStageSettings = { ...stageSettings[req.stage], ...req.settings };
    const messages = typeof req.messages === 'string' ? [{ role: 'user' as const, content: req.messages }] : req.messages.map((m) => ({ ...m }));
    const body: ChatBody = {
      model: options.model,
      messages,
      temperature: s.temperature,
      top_p: s.topP,
      max_tokens: s.maxTokens,
      n: s.n,
      ...(s.seed === null ? {} : { seed: s.seed }),
      ...(s.stop.length === 0 ? {} : { stop: [...s.stop] }),
      // vLLM's own sampling parameters travel as extra body fields.
      ...(s.topK === null ? {} : { top_k: s.topK }),
      ...(s.minP === null ? {} : { min_p: s.minP }),
      ...(s.repetitionPenalty === null ? {} : { repetition_penalty: s.repetitionPenalty }),
      ...extra,
    };
    const stream = req.stream === true;
    const started = Date.now();
    const result = await withRetries(`chat ${req.stage}`, req.signal, () => attemptChat(sdk, body, stream, { timeoutMs, signal: req.signal }), stagePriority[req.stage]);
    const record: CallRecord = {
      stage: req.stage,
      promptVersion: req.promptVersion ?? null,
      checkpointId: req.checkpointId ?? options.checkpointId ?? null,
      model: options.model,
      startedAt: new Date(started).toISOString(),
      latencyMs: Date.now() - started,
      promptTokens: result.ok ? result.value.promptTokens : null,
      completionTokens: result.ok ? result.value.completionTokens : null,
      finishReasons: result.ok ? result.value.choices.map((c) => c.finishReason) : [],
      attempts: result.attempts,
      attemptErrors: result.attemptErrors,
      n: s.n,
      stream,
      error: result.ok ? null : { code: errorCode(result.failure), message: result.failure.message, status: result.failure.status },
    };
    return { record, choices: result.ok ? result.value.choices : [] };
  }

  async function finish(record: CallRecord): Promise<void> {
    for (const t of [totals, (byStage[record.stage] ??= emptyTotals())]) {
      t.calls++;
      if (record.error) t.failedCalls++;
      t.attempts += record.attempts;
      t.promptTokens += record.promptTokens ?? 0;
      t.completionTokens += record.completionTokens ?? 0;
    }
    const level = record.error ? 'warn' : 'debug';
    log[level]({ llmCall: { ...record, attemptErrors: record.attemptErrors.length } }, record.error ? 'model call failed' : 'model call');
    try {
      await options.onCall?.(record);
    } catch (err) {
      // Losing a record must not lose the answer it describes.
      log.error({ err, stage: record.stage }, 'onCall hook failed');
    }
  }

  function malformed(record: CallRecord, message: string): CallRecord {
    return { ...record, error: { code: 'FLY_LLM_MALFORMED', message, status: null } };
  }

  async function structuredCall<T>(
    req: CallRequest,
    extra: Record<string, unknown>,
    read: (text: string, finishReason: string) => StructuredChoice<T>,
  ): Promise<StructuredOutcome<T>> {
    const raw = await call(req, extra);
    if (raw.record.error) {
      await finish(raw.record);
      return { ok: false, error: raw.record.error, record: raw.record };
    }
    const choices = raw.choices.map((c) => read(c.text, c.finishReason));
    const first = choices.find((c) => c.ok);
    if (!first || !first.ok) {
      const failed = choices[0];
      const record = malformed(raw.record, failed && !failed.ok ? failed.error : 'no choice in the answer');
      await finish(record);
      return { ok: false, error: record.error as LlmError, record };
    }
    await finish(raw.record);
    return { ok: true, value: first.value, choices, record: raw.record };
  }

  return {
    baseUrl: options.baseUrl,
    model: options.model,

    async complete(req) {
      const raw = await call(req, {});
      await finish(raw.record);
      if (raw.record.error) return { ok: false, error: raw.record.error, record: raw.record };
      const first = raw.choices[0] ?? { text: '', finishReason: 'unknown' };
      return { ok: true, choices: raw.choices, text: first.text, finishReason: first.finishReason, record: raw.record };
    },

    async code(req) {
      const raw = await call(req, {});
      if (raw.record.error) {
        await finish(raw.record);
        return { ok: false, error: raw.record.error, record: raw.record };
      }
      const choices = raw.choices.map((c): CodeChoice | null => {
        const block = extractCode(c.text, req.language);
        if (block === null) return null;
        return { code: block.code, text: c.text, finishReason: c.finishReason, truncated: block.unterminated || c.finishReason === 'length' };
      });
      const first = choices.find((c) => c !== null);
      if (!first) {
        const text = raw.choices[0]?.text ?? '';
        const record = malformed(raw.record, `no ${req.language} code in the answer (${text.trim() === '' ? 'empty' : `${text.length} chars`})`);
        await finish(record);
        return { ok: false, error: record.error as LlmError, record };
      }
      await finish(raw.record);
      return { ok: true, code: first.code, text: first.text, truncated: first.truncated, choices, record: raw.record };
    },

    structured(req) {
      return structuredCall(req, schemaRequest(req.mode ?? mode, req.schema), (text, reason) => readStructured(req.schema, text, reason));
    },

    choose(req) {
      const chosen = req.mode ?? mode;
      return structuredCall(req, choiceRequest(chosen, req.choices), (text, reason) => readChoice(chosen, req.choices, text, reason));
    },

    async listModels(signal) {
      const result = await withRetries('list models', signal, async () => {
        try {
          const ids: string[] = [];
          for await (const model of sdk.models.list({ timeout: timeoutMs, maxRetries: 0, ...(signal ? { signal } : {}) })) ids.push(model.id);
          return ids;
        } catch (err) {
          if (err instanceof OpenAI.APIConnectionTimeoutError) throw new AttemptError({ kind: 'timeout', status: null, message: 'timed out', headers: null });
          if (err instanceof OpenAI.APIConnectionError) throw new AttemptError({ kind: 'connection', status: null, message: `connection failed (${errnoOf(err)})`, headers: null });
          if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
            throw new AttemptError({ kind: 'status', status: err.status, message: err.message, headers: err.headers ?? null });
          }
          throw err;
        }
      });
      if (result.ok) return result.value;
      // Whoever names the URL reads this message (an API caller may): the kind of failure, never the body that
      // came back, or any URL could be read through the probe.
      throw new FlywheelError('FLY_LLM_UNAVAILABLE', `cannot list the models at ${options.baseUrl}: ${probeFailure(result.failure)}`, {
        details: { attempts: result.attempts, status: result.failure.status },
      });
    },

    totals() {
      return { ...totals, byStage: Object.fromEntries(Object.entries(byStage).map(([k, v]) => [k, { ...v }])) };
    },

    get inFlight() {
      return semaphore.inFlight;
    },
  };
}

/** The outcome's value, or a FlywheelError with the outcome's code (for callers that cannot go on without it). */
export function orThrow<T extends { ok: true }>(outcome: T | { ok: false; error: LlmError }): T {
  if (outcome.ok) return outcome as T;
  const failed = outcome as { ok: false; error: LlmError };
  throw new FlywheelError(failed.error.code, failed.error.message, { details: { status: failed.error.status } });
}
