// Every setting of the service, validated once at start-up. Each comes from an environment variable or the
// matching command-line flag (flag wins), has a default and a unit, and is listed in the README's
// configuration table (a test keeps the two in step). A wrong value stops start-up naming the setting.
import os from 'node:os';
import { FlywheelError } from './errors.ts';

interface Setting<T> {
  env: string;
  default: T;
  unit: string;
  doc: string;
  parse: (raw: string) => T;
  /** Shown instead of the value in `flywheel config` and logs. */
  secret?: boolean;
}

/** A value a setting cannot take; loadConfig gathers them into one FLY_CONFIG_INVALID naming each setting. */
const wrongValue = (message: string): FlywheelError => new FlywheelError('FLY_CONFIG_INVALID', message);

function text(env: string, def: string, doc: string, opts: { secret?: boolean } = {}): Setting<string> {
  return { env, default: def, unit: '', doc, parse: (raw) => raw, ...opts };
}

function int(env: string, def: number, unit: string, doc: string, min = 0, max = Number.MAX_SAFE_INTEGER): Setting<number> {
  return {
    env, default: def, unit, doc,
    parse: (raw) => {
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) throw wrongValue(`expected a whole number, got "${raw}"`);
      if (value < min || value > max) throw wrongValue(`expected ${min}..${max}, got ${value}`);
      return value;
    },
  };
}

function num(env: string, def: number, unit: string, doc: string, min: number, max: number): Setting<number> {
  return {
    env, default: def, unit, doc,
    parse: (raw) => {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) throw wrongValue(`expected a number, got "${raw}"`);
      if (value < min || value > max) throw wrongValue(`expected ${min}..${max}, got ${value}`);
      return value;
    },
  };
}

function oneOf<T extends string>(env: string, def: T, values: readonly T[], doc: string): Setting<T> {
  return {
    env, default: def, unit: values.join(' | '), doc,
    parse: (raw) => {
      if (!(values as readonly string[]).includes(raw)) throw wrongValue(`expected one of ${values.join(', ')}, got "${raw}"`);
      return raw as T;
    },
  };
}

function url(env: string, def: string, doc: string, opts: { secret?: boolean } = {}): Setting<string> {
  return {
    env, default: def, unit: 'URL', doc, ...opts,
    parse: (raw) => {
      if (raw === '') return raw;
      try { new URL(raw); } catch { throw wrongValue('expected a URL'); }
      return raw;
    },
  };
}

/** A comma-separated list (blanks dropped); `wrong` says why an entry is not usable, or returns null. */
function list(env: string, unit: string, doc: string, wrong: (entry: string) => string | null): Setting<readonly string[]> {
  return {
    env, default: Object.freeze([]), unit, doc,
    parse: (raw) => {
      const entries = raw.split(',').map((e) => e.trim()).filter((e) => e !== '');
      for (const entry of entries) {
        const why = wrong(entry);
        if (why !== null) throw wrongValue(`"${entry}": ${why}`);
      }
      return Object.freeze(entries);
    },
  };
}

// Names a checkpoint's apiKeyEnv may take: exact, or a prefix ending in `*` (not `*` alone: that is every variable).
const keyVarEntry = (e: string) => (/^[A-Za-z_][A-Za-z0-9_]*\*?$/.test(e) ? null : 'expected a variable name, or a prefix ending in *');
const hostEntry = (e: string) => (/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(e) ? null : 'expected host or host:port');
const dirEntry = (e: string) => (e.includes('\0') ? 'not a path' : null);

const cpus = Math.max(1, os.availableParallelism());

export const settings = {
  // storage
  dataDir: text('FLYWHEEL_DATA_DIR', './data', 'Directory of the embedded database (PGlite) and exports when no DATABASE_URL is set.'),
  databaseUrl: url('DATABASE_URL', '', 'Postgres server to use (pg Pool). Empty: the embedded PGlite database under the data directory.', { secret: true }),
  databasePoolSize: int('DATABASE_POOL_SIZE', 10, 'connections', 'Connections in the main pg Pool: API requests, commands (server backend only).', 1, 1000),
  databaseExportConnections: int('DATABASE_EXPORT_CONNECTIONS', 2, 'connections', "Connections of a pool of their own that the API's exports read pages through (server backend only; beside DATABASE_POOL_SIZE).", 1, 1000),
  databaseConnectionWaitMs: int('DATABASE_CONNECTION_WAIT_MS', 1000, 'ms', "Longest an API request of `serve` waits for a connection of the main pool; past it the request is a 429 (FLY_DB_BUSY) with retry-after, so an overloaded server answers at once instead of late (server backend only; the lanes' work waits). 0: no limit.", 0, 3600000),
  databaseRoundConnections: int('DATABASE_ROUND_CONNECTIONS', 4, 'connections', "Connections of a pool of their own for the round workers of `serve` (server backend only; beside DATABASE_POOL_SIZE).", 1, 1000),
  databaseStatementTimeoutMs: int('DATABASE_STATEMENT_TIMEOUT_MS', 60000, 'ms', "Longest one SQL statement may run (the server's statement_timeout; server backend only; migrations are exempt). 0: no limit.", 0, 86400000),
  databaseIdleInTransactionTimeoutMs: int('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60000, 'ms', "A session that holds a transaction open doing nothing for this long is ended by the server (its idle_in_transaction_session_timeout; server backend only). 0: no limit.", 0, 86400000),
  logLevel: oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'Log level of the JSON logs (on stderr, or in the log file: see LOG_FORMAT).'),
  logFormat: oneOf('LOG_FORMAT', 'auto', ['auto', 'json', 'pretty'] as const, "Where the logs go. json: JSON lines on stderr. pretty: JSON lines to a file under the data directory's logs/, warnings and errors readable on stderr, a round's progress on one line. auto: pretty for the commands people run (all but serve and standin) when stderr is a terminal, else json."),

  // sandbox
  sandboxRuntime: { ...text('SANDBOX_RUNTIME', 'auto', 'Docker runtime of sandbox containers. auto: runsc (gVisor) when Docker lists it, else runc with one warning (`bash scripts/setup.sh` registers gVisor). Any other value is used as named, and one Docker does not list stops the sandbox from opening. DOCKER_HOST selects a remote engine.'), unit: 'auto | runc | runsc' },
  sandboxPoolSize: int('SANDBOX_POOL_SIZE', cpus, 'containers', 'Warm containers per sandbox image (default: the CPU count).', 1, 256),
  sandboxMemoryMb: int('SANDBOX_MEMORY_MB', 512, 'MiB', 'Memory (and memory+swap) limit of each sandbox container.', 64, 65536),
  sandboxCpus: num('SANDBOX_CPUS', 1, 'CPUs', 'CPU quota of each sandbox container.', 0.1, 64),
  sandboxPids: int('SANDBOX_PIDS', 256, 'processes', 'Process limit of each sandbox container (per job a lower one applies inside).', 16, 100000),
  sandboxTmpfsMb: int('SANDBOX_TMPFS_MB', 128, 'MiB', 'Size of the tmpfs that holds the job directories.', 8, 65536),
  sandboxTimeoutMs: int('SANDBOX_TIMEOUT_MS', 10000, 'ms', 'Default wall-clock limit of one job.', 100, 3600000),
  sandboxOutputBytes: int('SANDBOX_OUTPUT_BYTES', 65536, 'bytes', 'Cap of stdout and of stderr kept per job; more is cut and marked truncated.', 1024, 16777216),
  sandboxRecycleAfter: int('SANDBOX_RECYCLE_AFTER', 500, 'jobs', 'A container is replaced after this many jobs.', 1, 1000000),
  sandboxBatchSize: int('SANDBOX_BATCH_SIZE', 8, 'jobs', 'Most jobs handed to a container in one batch (one line to its resident runner).', 1, 256),

  // checks through the API (POST /v1/verify)
  verifyMaxItems: int('VERIFY_MAX_ITEMS', 256, 'items', 'Most samples in one POST /v1/verify batch; more is a 413 (FLY_VERIFY_TOO_MANY_ITEMS).', 1, 100000),
  verifyConcurrency: int('VERIFY_CONCURRENCY', 32, 'checks', 'Checks of POST /v1/verify in progress at once in this process, over all requests; the rest wait in arrival order.', 1, 4096),
  verifyQueueLimit: int('VERIFY_QUEUE_LIMIT', 1024, 'checks', 'Checks of POST /v1/verify that may wait for a place; a request that would pass it is a 429 (FLY_VERIFY_BUSY) with retry-after. A request finding nothing waiting is always taken.', 0, 1000000),
  verifySandboxShare: num('VERIFY_SANDBOX_SHARE', 0.5, 'fraction', "Share of each sandbox pool's containers that API checks hold while rounds have jobs waiting too (rounds hold the rest); either alone may use the whole pool.", 0, 1),

  // model
  llmBaseUrl: url('LLM_BASE_URL', '', 'OpenAI-compatible endpoint of the current checkpoint (vLLM: http://HOST:8000/v1).'),
  llmApiKey: text('LLM_API_KEY', '', 'API key sent as a bearer token to the model server, if it needs one.', { secret: true }),
  llmModel: text('LLM_MODEL', '', 'Served model name at LLM_BASE_URL.'),
  llmConcurrency: int('LLM_CONCURRENCY', 32, 'requests', 'Most model requests in flight at once (vLLM queues without limit, so we bound it here).', 1, 4096),
  llmStructuredMode: oneOf('LLM_STRUCTURED_MODE', 'json_schema', ['json_schema', 'structured_outputs', 'text'] as const, 'How structured answers (problem JSON, judge 0/1) are asked for: OpenAI `response_format`, vLLM >= 0.12 `structured_outputs`, or plain text parsed tolerantly.'),
  llmTimeoutMs: int('LLM_TIMEOUT_MS', 300000, 'ms', 'Limit of one model request attempt, streamed body included.', 1000, 3600000),
  llmStageSettings: text('LLM_STAGE_SETTINGS', '', 'JSON of per-stage sampling overrides, e.g. `{"solution":{"temperature":0.2,"maxTokens":2048}}` (stages: problem, solution, tests, revise, translate, judge).'),
  checkpointKeyVars: list('CHECKPOINT_KEY_VARS', 'names', 'Environment variables a checkpoint may name as its `apiKeyEnv` besides LLM_API_KEY: comma-separated names, a trailing `*` allows a prefix (`LLM_KEY_*`). DATABASE_URL and FLYWHEEL_API_TOKEN are never allowed.', keyVarEntry),
  checkpointHosts: list('CHECKPOINT_HOSTS', 'host[:port]', "Hosts a checkpoint's base URL may point at, comma-separated (`vllm-1`, `10.0.0.7:8000`; a host without a port allows any port). Empty: any host.", hostEntry),

  // round inputs
  benchmarkDirs: list('BENCHMARK_DIRS', 'directories', "Directories the benchmark files of a round started through the API must be under, comma-separated; a relative file name is looked up in each in turn. Empty: only the stand-in's bank shipped with flywheel.", dirEntry),
  seedDirs: list('SEED_DIRS', 'directories', "Directories the seed paths of a round started through the API must be under, comma-separated, as BENCHMARK_DIRS. Empty: only the stand-in's bank shipped with flywheel.", dirEntry),
  roundFileMaxMb: int('ROUND_FILE_MAX_MB', 64, 'MiB', 'Largest benchmark or seed file a round reads (API, CLI and schedule alike).', 1, 65536),
  roundMaxFiles: int('ROUND_MAX_FILES', 1000, 'files', 'Most files a round reads: its benchmark files, its seed files and every entry seen listing its seed directories.', 1, 1000000),

  // export (GET /v1/export)
  exportMaxConcurrent: int('EXPORT_MAX_CONCURRENT', 4, 'exports', 'Exports (GET /v1/export) streaming at once in this process; one more is a 429 (FLY_TOO_MANY_EXPORTS) with retry-after.', 1, 1000),
  exportIdleTimeoutMs: int('EXPORT_IDLE_TIMEOUT_MS', 60000, 'ms', 'An export client that takes nothing for this long is cut off: the response ends without its last chunk, so it cannot pass for a whole export.', 100, 86400000),

  // service
  host: text('FLYWHEEL_HOST', '127.0.0.1', 'Address the REST API listens on.'),
  port: int('FLYWHEEL_PORT', 8080, 'port', 'Port the REST API listens on.', 0, 65535),
  apiToken: text('FLYWHEEL_API_TOKEN', '', 'Bearer token required by the REST API (all routes but /healthz and /readyz).', { secret: true }),
  authFailures: int('AUTH_FAILURES_MAX', 20, 'requests', 'Failed authentications one client address may make per AUTH_FAILURE_WINDOW_MS; beyond, every request of that address is a 429 until the window ends.', 1, 1000000),
  authFailureWindowMs: int('AUTH_FAILURE_WINDOW_MS', 60000, 'ms', 'Window of AUTH_FAILURES_MAX.', 1000, 86400000),
  cron: text('FLYWHEEL_CRON', '', 'Cron expression on which `serve` starts a round with the current checkpoint. Empty: no schedule.'),
  cronTimezone: text('FLYWHEEL_CRON_TZ', 'UTC', 'Time zone of FLYWHEEL_CRON.'),
} satisfies Record<string, Setting<unknown>>;

type Settings = typeof settings;
export type SettingName = keyof Settings;
export type Config = { readonly [K in SettingName]: Settings[K]['default'] };

/** `sandboxPoolSize` -> `--sandbox-pool-size` */
export function flagName(name: string): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Reads every setting from `flags` (by setting name), then the environment, then the default.
 * Throws FLY_CONFIG_INVALID naming each wrong setting.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: Partial<Record<SettingName, string>> = {}): Config {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  const wrong: string[] = [];
  for (const [name, spec] of Object.entries(settings) as [SettingName, Setting<unknown>][]) {
    const raw = flags[name] ?? env[spec.env];
    if (raw === undefined) {
      values[name] = spec.default;
      continue;
    }
    try {
      values[name] = spec.parse(raw);
    } catch (err) {
      problems.push(`${spec.env} (${flagName(name)}): ${(err as Error).message}`);
      wrong.push(spec.env);
    }
  }
  if (problems.length > 0) {
    throw new FlywheelError('FLY_CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`, { details: { problems, settings: wrong } });
  }
  return Object.freeze(values) as Config;
}

/** The configuration with secrets masked, for `flywheel config` and start-up logs. */
export function describeConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(settings) as [SettingName, Setting<unknown>][]) {
    const value = config[name];
    out[spec.env] = spec.secret && value !== '' ? '***' : value;
  }
  return out;
}

/** The README's configuration table, made from the same source as the validation. */
export function configTable(): string {
  const rows = Object.values(settings as Record<string, Setting<unknown>>).map((spec) => {
    const def = spec.env === 'SANDBOX_POOL_SIZE' ? 'CPU count' : spec.default === '' || (Array.isArray(spec.default) && spec.default.length === 0) ? '(empty)' : `\`${String(spec.default)}\``;
    return `| \`${spec.env}\` | ${def} | ${spec.unit} | ${spec.doc} |`;
  });
  return ['| variable | default | unit / values | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
