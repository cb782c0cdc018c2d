// One chat-completion attempt through the openai SDK (its own retries off), streaming or not, and the
// mapping of whatever went wrong onto the retry table's failure kinds.
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { AttemptFailure } from './retry.ts';
import type { Choice } from './types.ts';

export interface AttemptResult {
  choices: Choice[];
  promptTokens: number | null;
  completionTokens: number | null;
}

/** The request body: the SDK's parameters plus whatever extra (vLLM) fields the server understands. */
export type ChatBody = Omit<ChatCompletionCreateParamsNonStreaming, 'stream'> & Record<string, unknown>;

export class AttemptError extends Error {
  readonly failure: AttemptFailure;
  constructor(failure: AttemptFailure, options?: { cause?: unknown }) {
    super(failure.message, options);
    this.name = 'AttemptError';
    this.failure = failure;
  }
}

/** Runs one attempt; throws AttemptError describing the failure. */
export async function attemptChat(
  sdk: OpenAI,
  body: ChatBody,
  stream: boolean,
  opts: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<AttemptResult> {
  // Our own timer covers the whole attempt, a streamed body included (the SDK's covers the headers).
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs);
  const onAbort = (): void => controller.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const requestOptions = { signal: controller.signal, timeout: opts.timeoutMs, maxRetries: 0 };
  let streaming = false;
  try {
    if (opts.signal?.aborted) throw new AttemptError({ kind: 'aborted', status: null, message: 'aborted by the caller', headers: null });
    if (!stream) {
      const completion = await sdk.chat.completions.create(body as ChatCompletionCreateParamsNonStreaming, requestOptions);
      if (!Array.isArray(completion?.choices)) throw new AttemptError({ kind: 'other', status: null, message: 'the server answered something that is not a chat completion', headers: null });
      return {
        choices: [...completion.choices]
          .sort((a, b) => a.index - b.index)
          .map((c) => ({ text: c.message?.content ?? '', finishReason: c.finish_reason ?? 'unknown' })),
        promptTokens: completion.usage?.prompt_tokens ?? null,
        completionTokens: completion.usage?.completion_tokens ?? null,
      };
    }
    const streamBody = { ...body, stream: true, stream_options: { include_usage: true } } as ChatCompletionCreateParamsStreaming;
    const chunks = await sdk.chat.completions.create(streamBody, requestOptions);
    streaming = true;
    const texts: string[] = [];
    const reasons: string[] = [];
    let promptTokens: number | null = null;
    let completionTokens: number | null = null;
    for await (const chunk of chunks) {
      for (const c of chunk.choices ?? []) {
        texts[c.index] = (texts[c.index] ?? '') + (c.delta?.content ?? '');
        if (c.finish_reason) reasons[c.index] = c.finish_reason;
      }
      if (chunk.usage) {
        promptTokens = chunk.usage.prompt_tokens;
        completionTokens = chunk.usage.completion_tokens;
      }
    }
    const count = Math.max(texts.length, reasons.length);
    if (count === 0) throw new AttemptError({ kind: 'other', status: null, message: 'the stream ended without any choice', headers: null });
    // A stream that ends without a finish reason was cut: the connection went away mid-answer.
    if (Array.from({ length: count }, (_, i) => reasons[i]).some((r) => r === undefined)) {
      throw new AttemptError({ kind: 'connection', status: null, message: 'the stream ended before every choice finished', headers: null });
    }
    return {
      choices: Array.from({ length: count }, (_, i) => ({ text: texts[i] ?? '', finishReason: reasons[i] ?? 'unknown' })),
      promptTokens,
      completionTokens,
    };
  } catch (err) {
    if (err instanceof AttemptError) throw err;
    throw new AttemptError(classify(err, { timedOut, callerAborted: opts.signal?.aborted === true, streaming }), { cause: err });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

function classify(err: unknown, state: { timedOut: boolean; callerAborted: boolean; streaming: boolean }): AttemptFailure {
  const message = err instanceof Error ? err.message : String(err);
  if (state.callerAborted) return { kind: 'aborted', status: null, message: 'aborted by the caller', headers: null };
  if (state.timedOut || err instanceof OpenAI.APIConnectionTimeoutError) {
    return { kind: 'timeout', status: null, message: 'the attempt timed out', headers: null };
  }
  if (err instanceof OpenAI.APIConnectionError) return { kind: 'connection', status: null, message: connectionMessage(err), headers: null };
  if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
    return { kind: 'status', status: err.status, message, headers: err.headers ?? null };
  }
  // undici reports a body cut mid-stream as a TypeError ("terminated").
  if (state.streaming) return { kind: 'connection', status: null, message: `stream broken: ${message}`, headers: null };
  return { kind: 'other', status: null, message, headers: null };
}

function connectionMessage(err: Error): string {
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}
