// The suites that guard a verdict's trust (hostile programs, adversarial samples, traces between jobs) run once
// per Docker runtime the sandbox may use, so a guarantee that holds under runc but not under gVisor shows in CI.
// A runtime Docker does not list fails its half of the suite with the fix, never skips it.
import { before, describe } from 'node:test';
import Docker from 'dockerode';
import { listedRuntimes } from '../../src/sandbox/runtime.ts';

export const RUNTIMES = ['runc', 'runsc'] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** Throws, naming the fix, when the engine does not list `runtime`. */
export async function requireRuntime(runtime: Runtime, docker: Docker = new Docker()): Promise<void> {
  const listed = await listedRuntimes(docker);
  if (listed.includes(runtime)) return;
  const fix = runtime === 'runsc' ? '`bash scripts/setup.sh` installs gVisor and registers runsc with Docker' : 'register it with Docker';
  throw new Error(`Docker does not list the ${runtime} runtime (it lists ${listed.join(', ') || 'none'}): ${fix}`);
}

/**
 * Declares `suite` once per runtime, each in a describe named after it whose first hook checks the runtime is
 * there; `concurrency` lets that many of its top-level parts run at once (parts that share no container).
 */
export function forEachRuntime(suite: (runtime: Runtime) => void, options: { concurrency?: number } = {}): void {
  for (const runtime of RUNTIMES) {
    describe(`under ${runtime}`, { concurrency: options.concurrency ?? 1 }, () => {
      before(() => requireRuntime(runtime));
      suite(runtime);
    });
  }
}
