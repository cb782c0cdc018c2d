// Checkpoints: the models rounds run with.
import { checkpointInput, type CheckpointInput } from '../../schemas/checkpoint.ts';
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

/** The checkpoint input's schema, as plain JSON schema (what Ajv and the API docs read). */
export const registerBody = JSON.parse(JSON.stringify(checkpointInput)) as typeof checkpointInput;

export type RegisterBody = CheckpointInput;
