// The checks' tests run against the real thing: the local Docker engine, the sandbox images (built here when
// their inputs changed) and the real harnesses. No engine means a failing test with a clear message, never a
// skip.
import Docker from 'dockerode';
import { loadConfig, type Config } from '../../src/config.ts';
import { createChecker, type Checker } from '../../src/checks/index.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { buildImages, createSandbox, type Sandbox } from '../../src/sandbox/index.ts';

export const IMAGES = ['python', 'php', 'node'];

export interface Harness {
  sandbox: Sandbox;
  checker: Checker;
  config: Config;
  log: Logger;
  close(): Promise<void>;
}

/**
 * A short time limit keeps the endless-loop cases cheap; the pool is the machine's two cores per image.
 * Settings come from here only, so a developer's environment does not change what the tests see. These suites
 * test the checks, under runc: gVisor costs 3-5x a job here, and its limits and traces between jobs have suites
 * of their own under both runtimes (the adversarial suite here, test/sandbox/hostile and traces).
 */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ SANDBOX_TIMEOUT_MS: '3000', SANDBOX_POOL_SIZE: '2', SANDBOX_RUNTIME: 'runc', LOG_LEVEL: 'warn', ...overrides });
}

export async function startChecks(overrides: Record<string, string> = {}): Promise<Harness> {
  const config = testConfig(overrides);
  const log = createLogger(config.logLevel);
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (err) {
    throw new Error(`these tests need a Docker engine (DOCKER_HOST or /var/run/docker.sock) and none answered: ${(err as Error).message}`);
  }
  await buildImages(docker, IMAGES, log);
  const sandbox = await createSandbox({ config, log, docker, images: IMAGES, handleSignals: false });
  const checker = createChecker({ sandbox, config, log });
  return { sandbox, checker, config, log, close: () => sandbox.close() };
}
