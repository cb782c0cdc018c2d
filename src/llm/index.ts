// The model side of the flywheel: the client, its settings and retry table, prompts and answer readers.
export { createCheckpointRegistry, type Checkpoint, type CheckpointRegistry, type RegisterInput } from './checkpoints.ts';
export { createLlmClient, orThrow, type CallRequest, type LlmClient, type LlmClientOptions } from './client.ts';
export { extractCode, fencedBlocks, looksLikeCode, type CodeBlock } from './extract.ts';
export { parseRevision, parseTranslation, type Revision, type Translation } from './answers.ts';
export { parseChoice, parseJsonLoose } from './parse.ts';
export { defaultPromptsDir, formatProblem, loadPrompts, stageMarker, type PromptLanguage, type Prompts, type PromptTemplate, type PromptVars } from './prompts.ts';
export { RETRY_TABLE, retryAfterMs, retryDelayMs, type RetryPolicy } from './retry.ts';
export { defineSchema, judgeSchema, problemSchema, validate, type GeneratedProblem, type JsonSchema, type JudgeAnswer, type Schema } from './schema.ts';
export {
  defaultStageSettings, parseStageSettings, resolveStageSettings, stages, structuredModes,
  type LlmStageSettings, type Stage, type StageSettingsOverrides, type StructuredMode,
} from './settings.ts';
export type { CallRecord, ChatMessage, CodeOutcome, CompletionOutcome, LlmError, StructuredOutcome, UsageTotals } from './types.ts';
