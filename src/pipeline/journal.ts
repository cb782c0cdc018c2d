// The journal of one problem: every model call and check goes through it. A step whose key is already in
// `attempts` is replayed from there (no model call, no sandbox job); a new one runs and is recorded before
// the pipeline moves on. So a problem re-run after a crash, by this or another worker, takes exactly the
// same path for free up to where it stopped, and the dialog it rebuilds is the one the model really had.
import type { Verdict } from '../checks/index.ts';
import type { CheckInput } from '../checks/index.ts';
import type { CallRecord } from '../llm/index.ts';
import { FlywheelError } from '../errors.ts';
import type { AttemptRow } from '../store/attempts.ts';
import type { PipelineContext, ProblemStage } from './context.ts';

/**
 * What a model step answered: usable (its text, and `value`, what the step read from it: a structured
 * answer, a parsed revision; a code step's `code`), or not (why). A replay hands back the value the step
 * recorded, so the step's `T` holds for both.
 */
export type StepResponse<T = undefined> =
  | { ok: true; text: string; code?: string; value: T; truncated?: boolean }
  | { ok: false; error: { code: string; message: string }; text?: string };

export interface Turn {
  key: string;
  stage: string;
  language: string | null;
  role: 'user' | 'assistant' | 'checker';
  content: string;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export interface Journal {
  llm<T>(
    key: string,
    meta: { stage: string; language: string | null; promptVersion: string; prompt: string },
    call: () => Promise<{ response: StepResponse<T>; record: CallRecord }>,
  ): Promise<StepResponse<T>>;
  check(key: string, input: CheckInput & { language: string }, feedback: (v: Verdict) => string): Promise<Verdict>;
  /** The turns recorded so far whose key starts with `prefix` (e.g. `python:`), in order. */
  turns(prefix: string): Turn[];
  usage(prefix: string): Usage;
  /** Model calls made by this run (not replayed): what a resume did not pay for twice is the rest. */
  readonly fresh: { llm: number; checks: number; replayed: number };
}

/** The progress line's name for what a step of each model stage does. */
const stageOfStep: Record<string, ProblemStage> = {
  problem: 'generating', solution: 'generating', tests: 'generating', revise: 'revising', judge: 'judging', translate: 'translating',
};

export function createJournal(ctx: PipelineContext, problemId: number, recorded: Map<string, AttemptRow>): Journal {
  const turns: Turn[] = [];
  const usage = new Map<string, Usage>();
  const fresh = { llm: 0, checks: 0, replayed: 0 };

  const addUsage = (key: string, promptTokens: number, completionTokens: number) => {
    const u = usage.get(key) ?? { promptTokens: 0, completionTokens: 0 };
    u.promptTokens += promptTokens;
    u.completionTokens += completionTokens;
    usage.set(key, u);
  };

  const ensureRunning = () => {
    if (ctx.signal.aborted) throw new FlywheelError('FLY_ROUND_STATE', 'work on this problem was stopped', { cause: ctx.signal.reason });
  };

  return {
    fresh,
    async llm<T>(key: string, meta: Parameters<Journal['llm']>[1], call: () => Promise<{ response: StepResponse<T>; record: CallRecord }>) {
      ctx.events?.stage(stageOfStep[meta.stage] ?? 'generating');
      let response: StepResponse<T>;
      const done = recorded.get(key);
      if (done) {
        fresh.replayed++;
        // Recorded by this very step (the key names it): its value has the step's type.
        response = done.response as StepResponse<T>;
        addUsage(key, done.prompt_tokens, done.completion_tokens);
      } else {
        ensureRunning();
        const result = await call();
        // The row's time is the call's end, not the insert's (which may wait for a connection).
        const endedAt = new Date();
        response = result.response;
        const r = result.record;
        // The server being down is not the model's answer: nothing is recorded, the problem goes back to
        // the queue and this step is asked again later (by this or another worker).
        if (!response.ok && response.error.code === 'FLY_LLM_UNAVAILABLE') {
          throw new FlywheelError('FLY_LLM_UNAVAILABLE', `model server unavailable at step ${key}: ${response.error.message}`);
        }
        await ctx.attempts.record({
          problemId, roundId: ctx.round.id, checkpointId: ctx.round.checkpointId, key, kind: 'llm', stage: meta.stage, language: meta.language,
          promptVersion: meta.promptVersion, request: { prompt: meta.prompt }, response, ok: response.ok,
          errorCode: response.ok ? null : response.error.code, promptTokens: r.promptTokens ?? 0, completionTokens: r.completionTokens ?? 0,
          latencyMs: Math.round(r.latencyMs), finishReason: r.finishReasons[0] ?? null, endedAt,
        });
        fresh.llm++;
        addUsage(key, r.promptTokens ?? 0, r.completionTokens ?? 0);
      }
      turns.push({ key, stage: meta.stage, language: meta.language, role: 'user', content: meta.prompt });
      const answer = response.ok ? response.text : `(unusable answer: ${response.error.message})${response.text ? `\n${response.text}` : ''}`;
      turns.push({ key, stage: meta.stage, language: meta.language, role: 'assistant', content: answer });
      return response;
    },

    async check(key, input, feedback) {
      ctx.events?.stage('checking');
      let verdict: Verdict;
      const done = recorded.get(key);
      if (done) {
        fresh.replayed++;
        verdict = done.response as Verdict;
      } else {
        ensureRunning();
        verdict = await ctx.checker.check(input);
        const endedAt = new Date();
        // Our own failure (sandbox down) is not the sample's: nothing is recorded, the problem goes back.
        if (verdict.status === 'error') {
          throw new FlywheelError('FLY_SANDBOX_UNAVAILABLE', `checks could not run at step ${key}: ${verdict.diagnostics[0]?.message ?? 'sandbox error'}`);
        }
        await ctx.attempts.record({
          problemId, roundId: ctx.round.id, checkpointId: null, key, kind: 'check', stage: 'verify', language: input.language,
          promptVersion: null, request: { code: input.code, tests: input.tests }, response: verdict, ok: verdict.status === 'pass', errorCode: null,
          promptTokens: 0, completionTokens: 0, latencyMs: Math.round(verdict.durationMs), finishReason: null, endedAt,
        });
        fresh.checks++;
      }
      turns.push({ key, stage: 'verify', language: input.language, role: 'checker', content: feedback(verdict) });
      return verdict;
    },

    turns: (prefix) => turns.filter((t) => t.key.startsWith(prefix)),
    usage(prefix) {
      const total = { promptTokens: 0, completionTokens: 0 };
      for (const [key, u] of usage) {
        if (!key.startsWith(prefix)) continue;
        total.promptTokens += u.promptTokens;
        total.completionTokens += u.completionTokens;
      }
      return total;
    },
  };
}
