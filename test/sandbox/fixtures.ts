// Shared set-up of the sandbox tests: a config sized for them, the images they need, and ways to look at
// what this test process left in the engine.
import type Docker from 'dockerode';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { buildImages, type Sandbox } from '../../src/sandbox/index.ts';

/** Logs stay quiet unless LOG_LEVEL asks for them. */
export function testLogger(): Logger {
  return createLogger(process.env.LOG_LEVEL ?? 'silent');
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, SANDBOX_POOL_SIZE: '1', SANDBOX_TIMEOUT_MS: '5000', ...overrides });
}

/** Builds what is missing (a no-op when the tags exist, as after `flywheel sandbox build`). */
export async function ensureImages(docker: Docker, names: string[]): Promise<void> {
  await buildImages(docker, names, testLogger());
}

/** Sandbox containers owned by this process, running or not. */
export async function ownContainers(docker: Docker): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: ['flywheel.sandbox=1', `flywheel.owner.pid=${process.pid}`] } });
}

/** Owner uid and command of each process in a container (from the host's view). */
export async function containerProcesses(docker: Docker, id: string): Promise<{ uid: number; cmd: string }[]> {
  const top = (await docker.getContainer(id).top({ ps_args: '-eo uid,pid,args' })) as { Processes?: string[][] };
  return (top.Processes ?? []).map((row) => ({ uid: Number(row[0]), cmd: row[row.length - 1] ?? '' }));
}

const IDLE = [/docker-init -- sleep infinity$/, /^sleep infinity$/, /^python3 -I -S \/opt\/flywheel\/runner\/runner\.py$/];
/** The images' resident linters, under the uid the runner keeps for services (never a job's). */
const SERVICE_UID = 2 ** 24 - 2;
const SERVICES = /^(python3 -I \/opt\/flywheel\/harness\/lint-server\.py|node \/opt\/flywheel\/harness\/lint-server\.mjs)$/;

/**
 * Every process of an own container that is not part of an idle sandbox: its init, `sleep infinity` and the
 * runner, all as root, and its resident linter under the services' uid (a job has neither uid, so it cannot pass
 * for one of them).
 */
export async function strayProcesses(docker: Docker): Promise<string[]> {
  const stray: string[] = [];
  for (const info of await ownContainers(docker)) {
    if (info.State !== 'running') {
      stray.push(`${info.Id.slice(0, 12)} is ${info.State}`);
      continue;
    }
    for (const { uid, cmd } of await containerProcesses(docker, info.Id)) {
      const idle = uid === 0 ? IDLE.some((re) => re.test(cmd)) : uid === SERVICE_UID && SERVICES.test(cmd);
      if (!idle) stray.push(`${info.Id.slice(0, 12)}: uid ${uid}: ${cmd}`);
    }
  }
  return stray;
}

/** Waits until no container of the sandbox runs a batch (a job's result arrives just before its exec ends). */
export async function waitIdle(sandbox: Sandbox, timeoutMs = 10000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Object.values(sandbox.stats().images).some((s) => s.busy > 0)) {
    if (Date.now() > until) throw new Error(`the sandbox stayed busy for ${timeoutMs} ms: ${JSON.stringify(sandbox.stats())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
