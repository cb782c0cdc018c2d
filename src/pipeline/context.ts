// What every stage of the pipeline gets: `(input, ctx) => result`.
import type { Checker } from '../checks/index.ts';
import type { Config } from '../config.ts';
import type { LlmClient, Prompts } from '../llm/index.ts';
import type { Logger } from '../log.ts';
import type { AttemptStore } from '../store/attempts.ts';
import type { Db } from '../store/db.ts';
import type { RoundStore } from '../store/rounds.ts';
import type { SampleStore } from '../store/samples.ts';
import type { BenchmarkIndex } from './dedup.ts';
import type { RoundSettings } from './settings.ts';

/** What a problem is doing now, as the progress line counts it. */
export type ProblemStage = 'generating' | 'checking' | 'revising' | 'judging' | 'translating';

/** Told as a problem moves on (the progress line on a terminal listens). */
export interface ProblemEvents {
  stage(stage: ProblemStage): void;
  accepted(language: string): void;
}

export interface PipelineContext {
  config: Config;
  log: Logger;
  db: Db;
  rounds: RoundStore;
  attempts: AttemptStore;
  samples: SampleStore;
  llm: LlmClient;
  checker: Checker;
  prompts: Prompts;
  benchmarks: BenchmarkIndex | null;
  round: { id: number; checkpointId: number; settings: RoundSettings };
  /** Aborted when the worker stops or loses the problem's lease: the stage stops at its next step. */
  signal: AbortSignal;
  events?: ProblemEvents;
}
