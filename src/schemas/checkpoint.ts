// What registering a checkpoint takes, as one schema: the API's body (POST /v1/checkpoints) and the registry's
// input type come from it.
import { Type, type Static } from '@sinclair/typebox';

export const checkpointInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: 'Unique; letters, digits or . _ - : @ + /, not all digits.' }),
  baseUrl: Type.String({ minLength: 1, maxLength: 2000, description: 'OpenAI-compatible endpoint, e.g. http://vllm:8000/v1; its host must be one CHECKPOINT_HOSTS allows (when set).' }),
  model: Type.String({ minLength: 1, maxLength: 500, description: 'Served model name; the endpoint must list it.' }),
  // A JSON schema type list rather than a union, so a wrong value is told as one ("must be string,null").
  apiKeyEnv: Type.Optional(Type.Unsafe<string | null>({
    type: ['string', 'null'], maxLength: 200, description: 'Environment variable of this server holding the API key: LLM_API_KEY or one CHECKPOINT_KEY_VARS allows.',
  })),
  meta: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Free-form notes (training run, parent checkpoint, ...).' })),
  makeCurrent: Type.Optional(Type.Boolean({ description: 'Make it the checkpoint new rounds use (default false).' })),
}, { additionalProperties: false });

export type CheckpointInput = Static<typeof checkpointInput>;
