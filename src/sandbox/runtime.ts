// Which Docker runtime sandbox containers use: SANDBOX_RUNTIME=auto (the default) takes gVisor's runsc when the
// engine lists it and runc otherwise; a named runtime is used as named, and one the engine does not list stops
// the sandbox from opening rather than failing at the first container. Decided once per sandbox (index.ts), and
// the same decision is what `flywheel doctor` reports.
import type Docker from 'dockerode';
import { FlywheelError } from '../errors.ts';
import type { Logger } from '../log.ts';

export const AUTO = 'auto';
export const GVISOR = 'runsc';
export const RUNC = 'runc';
export const SETUP_GVISOR = '`bash scripts/setup.sh` installs gVisor and registers runsc with Docker';

export interface RuntimeChoice {
  runtime: string;
  /** Why, in a few words (for logs and `flywheel doctor`). */
  reason: string;
  /** `auto` found no runsc and fell back to runc. */
  fallback: boolean;
}

/** The runtimes the engine lists (`docker info`), sorted. */
export async function listedRuntimes(docker: Docker): Promise<string[]> {
  const info = (await docker.info()) as { Runtimes?: Record<string, unknown> };
  return Object.keys(info.Runtimes ?? {}).sort();
}

/** What `configured` (SANDBOX_RUNTIME) comes to on an engine that lists `listed`; throws if it names one it does not. */
export function chooseRuntime(configured: string, listed: readonly string[]): RuntimeChoice {
  if (configured === AUTO) {
    return listed.includes(GVISOR)
      ? { runtime: GVISOR, reason: 'SANDBOX_RUNTIME=auto: gVisor is registered', fallback: false }
      : { runtime: RUNC, reason: 'SANDBOX_RUNTIME=auto: gVisor (runsc) is not registered with Docker', fallback: true };
  }
  if (!listed.includes(configured)) {
    const fix = configured === GVISOR ? SETUP_GVISOR : `register it with Docker, or set SANDBOX_RUNTIME=${AUTO}`;
    throw new FlywheelError('FLY_SANDBOX_RUNTIME_MISSING', `SANDBOX_RUNTIME=${configured} but Docker lists only ${listed.join(', ') || 'no runtime'}: ${fix}`, {
      details: { configured, listed },
    });
  }
  return { runtime: configured, reason: `SANDBOX_RUNTIME=${configured}`, fallback: false };
}

/** Asks the engine once and decides; under `auto` without runsc, says so in one warning with the fix. */
export async function resolveRuntime(docker: Docker, configured: string, log: Logger): Promise<RuntimeChoice> {
  const choice = chooseRuntime(configured, await listedRuntimes(docker));
  if (choice.fallback) log.warn(`gVisor (runsc) is not registered with Docker: sandbox containers run under runc; ${SETUP_GVISOR}`);
  return choice;
}
