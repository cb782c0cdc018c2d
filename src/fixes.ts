// What to do about the failures people meet first, written once: `flywheel doctor` prints these beside a
// failed check, and a command that stops on one of these errors prints its fix on the same line as the cause.
import type { Config } from './config.ts';
import { FlywheelError, type ErrorCode } from './errors.ts';

export const fixes = {
  setup: '`bash scripts/setup.sh`',
  engine: '`bash scripts/setup.sh` (installs and starts the Docker engine), or set DOCKER_HOST to an engine that answers',
  build: '`npx flywheel sandbox build`',
  migrate: '`npx flywheel migrate`',
  model: 'start the model server, or set LLM_BASE_URL to one that runs',
  checkpoint: 'set LLM_BASE_URL and LLM_MODEL, or register a checkpoint (POST /v1/checkpoints)',
  embeddedDb: 'stop the process that holds it, or set DATABASE_URL',
  serverDb: 'start the Postgres server DATABASE_URL names, or correct DATABASE_URL (unset it for the embedded database)',
  settings: 'every setting and its values: `npx flywheel config --markdown`',
} as const;

export function databaseFix(config: Pick<Config, 'databaseUrl'>): string {
  return config.databaseUrl === '' ? fixes.embeddedDb : fixes.serverDb;
}

const byCode: Partial<Record<ErrorCode, (err: FlywheelError, config: Pick<Config, 'databaseUrl'> | null) => string>> = {
  FLY_SANDBOX_UNAVAILABLE: () => fixes.engine,
  FLY_SANDBOX_IMAGE_MISSING: () => fixes.build,
  FLY_DB_UNAVAILABLE: (_, config) => (config ? databaseFix(config) : fixes.serverDb),
  FLY_LLM_UNAVAILABLE: () => fixes.model,
  FLY_CHECKPOINT_UNKNOWN: () => fixes.checkpoint,
  FLY_CONFIG_INVALID: (err) => {
    const names = err.details?.settings;
    return Array.isArray(names) && names.length > 0 ? `correct ${names.join(', ')}; ${fixes.settings}` : fixes.settings;
  },
};

/**
 * The fix of the first error in `err`'s chain of causes that has one, or null for an unexpected error (whose
 * stack is worth reading).
 */
export function fixFor(err: unknown, config: Pick<Config, 'databaseUrl'> | null = null): string | null {
  let current: unknown = err;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof FlywheelError) {
      const fix = byCode[current.code];
      if (fix) return fix(current, config);
    }
    current = current.cause;
  }
  return null;
}
