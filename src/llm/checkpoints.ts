// The checkpoint registry: which models exist, which one is current, and a client for each. Registering
// asks the endpoint what it serves first, so a typo in a URL or a model name fails at registration rather
// than at 2 a.m. in the nightly round. Which key variables and hosts a checkpoint may use is the operator's
// to say (checkpoint-policy.ts), checked before the probe and again before every client is made.
import { FlywheelError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { CheckpointInput } from '../schemas/checkpoint.ts';
import { createCheckpointStore, type CheckpointRow } from '../store/checkpoints.ts';
import type { Db } from '../store/db.ts';
import { checkHost, checkKeyVar, defaultCheckpointPolicy, withoutRedirects, type CheckpointPolicy } from './checkpoint-policy.ts';
import { createLlmClient, type LlmClient, type LlmClientOptions } from './client.ts';
import { RETRY_TABLE } from './retry.ts';

export interface Checkpoint {
  id: number;
  name: string;
  baseUrl: string;
  model: string;
  /** Name of the environment variable holding the API key (never the key itself). */
  apiKeyEnv: string | null;
  isCurrent: boolean;
  meta: Record<string, unknown>;
  createdAt: Date;
}

/** What registering takes: the checkpoint input's schema (src/schemas/checkpoint.ts). */
export type RegisterInput = CheckpointInput;

export interface CheckpointRegistryDeps {
  db: Db;
  log: Logger;
  fetch?: typeof fetch;
  /** Where API keys are looked up by name; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Which key variables and hosts are allowed; default LLM_API_KEY only, any host. */
  policy?: CheckpointPolicy;
}

export interface CheckpointRegistry {
  /**
   * Probes GET {baseUrl}/models; FLY_CHECKPOINT_NOT_SERVED when the model is not listed there,
   * FLY_CHECKPOINT_KEY_FORBIDDEN / FLY_CHECKPOINT_HOST_FORBIDDEN (before any request) when the policy says no.
   */
  register(input: RegisterInput): Promise<Checkpoint>;
  list(): Promise<Checkpoint[]>;
  /** By id or by name; FLY_CHECKPOINT_UNKNOWN when there is none. */
  get(ref: number | string): Promise<Checkpoint>;
  /** The current checkpoint, or null before any is made current. */
  current(): Promise<Checkpoint | null>;
  makeCurrent(ref: number | string): Promise<Checkpoint>;
  /** A model client for the checkpoint, its id in every call record. */
  clientFor(checkpoint: Checkpoint, options: Omit<LlmClientOptions, 'baseUrl' | 'apiKey' | 'model' | 'checkpointId' | 'log'>): LlmClient;
}

// A probe is interactive (CLI, API): two quick attempts, not the pipeline's patience.
const PROBE_RETRY = Object.freeze({ ...RETRY_TABLE, maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 1000, retryAfterCapMs: 2000 });

function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    id: row.id, name: row.name, baseUrl: row.base_url, model: row.model, apiKeyEnv: row.api_key_env,
    isCurrent: row.is_current, meta: row.meta, createdAt: row.created_at,
  };
}

function bad(message: string): FlywheelError {
  return new FlywheelError('FLY_BAD_REQUEST', message);
}

// Enough of what the server lists to spot a typo; the rest is in the error's details.
const SERVED_SHOWN = 20;

function checkInput(input: RegisterInput, policy: CheckpointPolicy): { name: string; baseUrl: string; model: string; apiKeyEnv: string | null } {
  const name = input.name?.trim() ?? '';
  if (!/^[\w.:@+/-]{1,200}$/.test(name)) throw bad('checkpoint name: 1..200 letters, digits or . _ - : @ + /');
  if (/^\d+$/.test(name)) throw bad('checkpoint name: must not be all digits (those are ids)');
  let url: URL;
  try {
    url = new URL(input.baseUrl);
  } catch {
    throw bad(`checkpoint base URL: not a URL: "${input.baseUrl}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad('checkpoint base URL: expected http or https');
  const model = input.model?.trim() ?? '';
  if (model === '') throw bad('checkpoint model: must not be empty');
  const apiKeyEnv = input.apiKeyEnv ?? null;
  if (apiKeyEnv !== null && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv)) throw bad('checkpoint API key variable: expected an environment variable name');
  if (apiKeyEnv !== null) checkKeyVar(apiKeyEnv, policy);
  checkHost(url, policy);
  return { name, baseUrl: input.baseUrl.replace(/\/+$/, ''), model, apiKeyEnv };
}

export function createCheckpointRegistry(deps: CheckpointRegistryDeps): CheckpointRegistry {
  const store = createCheckpointStore(deps.db);
  const env = deps.env ?? process.env;
  const policy = deps.policy ?? defaultCheckpointPolicy;
  const fetchOnce = withoutRedirects(deps.fetch);

  /** The policy as it stands now, for a checkpoint registered under an earlier one. */
  function recheck(checkpoint: Pick<Checkpoint, 'baseUrl' | 'apiKeyEnv'>): void {
    if (checkpoint.apiKeyEnv !== null) checkKeyVar(checkpoint.apiKeyEnv, policy);
    checkHost(new URL(checkpoint.baseUrl), policy);
  }

  function apiKey(apiKeyEnv: string | null): string {
    if (apiKeyEnv === null) return '';
    const value = env[apiKeyEnv];
    if (value === undefined || value === '') throw bad(`the API key variable ${apiKeyEnv} is not set`);
    return value;
  }

  async function find(ref: number | string): Promise<CheckpointRow> {
    const row = typeof ref === 'number' || /^\d+$/.test(ref) ? await store.get(Number(ref)) : await store.getByName(ref);
    if (!row) throw new FlywheelError('FLY_CHECKPOINT_UNKNOWN', `no checkpoint ${typeof ref === 'number' ? `with id ${ref}` : `"${ref}"`}`);
    return row;
  }

  return {
    async register(input) {
      const checked = checkInput(input, policy);
      if (await store.getByName(checked.name)) throw new FlywheelError('FLY_CHECKPOINT_EXISTS', `a checkpoint named "${checked.name}" is already registered`);
      const probe = createLlmClient({
        baseUrl: checked.baseUrl, apiKey: apiKey(checked.apiKeyEnv), model: checked.model, concurrency: 1, log: deps.log,
        retry: PROBE_RETRY, timeoutMs: 15_000, fetch: fetchOnce,
      });
      const served = await probe.listModels();
      if (!served.includes(checked.model)) {
        const shown = served.slice(0, SERVED_SHOWN).map((id) => id.slice(0, 100)).join(', ') + (served.length > SERVED_SHOWN ? ', ...' : '');
        throw new FlywheelError('FLY_CHECKPOINT_NOT_SERVED', `${checked.baseUrl} does not serve "${checked.model}" (it serves: ${shown || 'nothing'})`, {
          details: { served },
        });
      }
      const row = await store.insert({ ...checked, meta: input.meta ?? {} });
      if (!row) throw new FlywheelError('FLY_CHECKPOINT_EXISTS', `a checkpoint named "${checked.name}" is already registered`);
      deps.log.info({ checkpoint: row.id, name: row.name, model: row.model }, 'checkpoint registered');
      if (input.makeCurrent) return toCheckpoint((await store.makeCurrent(row.id)) ?? row);
      return toCheckpoint(row);
    },

    async list() {
      return (await store.list()).map(toCheckpoint);
    },

    async get(ref) {
      return toCheckpoint(await find(ref));
    },

    async current() {
      const row = await store.current();
      return row ? toCheckpoint(row) : null;
    },

    async makeCurrent(ref) {
      const row = await find(ref);
      const updated = await store.makeCurrent(row.id);
      if (!updated) throw new FlywheelError('FLY_CHECKPOINT_UNKNOWN', `no checkpoint with id ${row.id}`);
      deps.log.info({ checkpoint: updated.id, name: updated.name }, 'current checkpoint changed');
      return toCheckpoint(updated);
    },

    clientFor(checkpoint, options) {
      recheck(checkpoint);
      return createLlmClient({
        ...options,
        fetch: options.fetch ? withoutRedirects(options.fetch) : fetchOnce,
        baseUrl: checkpoint.baseUrl,
        apiKey: apiKey(checkpoint.apiKeyEnv),
        model: checkpoint.model,
        checkpointId: checkpoint.id,
        log: deps.log,
      });
    },
  };
}
