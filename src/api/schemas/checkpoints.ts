// Checkpoints: the models rounds run with.
import { anyObject, dateTime } from './common.ts';

export const checkpointSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    baseUrl: { type: 'string' },
    model: { type: 'string' },
    apiKeyEnv: { type: ['string', 'null'], description: 'Name of the environment variable holding the API key (never the key).' },
    isCurrent: { type: 'boolean' },
    meta: anyObject,
    createdAt: dateTime,
  },
  required: ['id', 'name', 'baseUrl', 'model', 'apiKeyEnv', 'isCurrent', 'meta', 'createdAt'],
} as const;

export const registerBody = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200, description: 'Unique; letters, digits or . _ - : @ + /, not all digits.' },
    baseUrl: { type: 'string', minLength: 1, maxLength: 2000, description: 'OpenAI-compatible endpoint, e.g. http://vllm:8000/v1; its host must be one CHECKPOINT_HOSTS allows (when set).' },
    model: { type: 'string', minLength: 1, maxLength: 500, description: 'Served model name; the endpoint must list it.' },
    apiKeyEnv: { type: ['string', 'null'], maxLength: 200, description: 'Environment variable of this server holding the API key: LLM_API_KEY or one CHECKPOINT_KEY_VARS allows.' },
    meta: { type: 'object', additionalProperties: true, description: 'Free-form notes (training run, parent checkpoint, ...).' },
    makeCurrent: { type: 'boolean', default: false, description: 'Make it the checkpoint new rounds use.' },
  },
  required: ['name', 'baseUrl', 'model'],
  additionalProperties: false,
} as const;

export interface RegisterBody {
  name: string;
  baseUrl: string;
  model: string;
  apiKeyEnv?: string | null;
  meta?: Record<string, unknown>;
  makeCurrent?: boolean;
}
