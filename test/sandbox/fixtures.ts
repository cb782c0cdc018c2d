// Shared set-up of the sandbox tests: a config sized for them, the images they need, and ways to look at
// what this test process left in the engine.
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
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

// Read inside the container, by a root exec of its own Python: `docker top` asks the host, which under gVisor
// sees gVisor's processes, not the container's.
const LIST_PROCESSES = [
  'import os',
  'for p in os.listdir("/proc"):',
  '    if not p.isdigit() or int(p) == os.getpid():',
  '        continue',
  '    try:',
  '        uid = next(l.split()[1] for l in open(f"/proc/{p}/status") if l.startswith("Uid:"))',
  '        cmd = open(f"/proc/{p}/cmdline", "rb").read().rstrip(b"\\0").replace(b"\\0", b" ").decode("utf-8", "replace")',
  '    except (OSError, StopIteration):',
  '        continue',
  '    print(uid, cmd or "[" + open(f"/proc/{p}/comm").read().strip() + "]")',
].join('\n');

/** Owner uid and command of each process in a container, as the container sees them. */
export async function containerProcesses(docker: Docker, id: string): Promise<{ uid: number; cmd: string }[]> {
  const exec = await docker.getContainer(id).exec({ Cmd: ['python3', '-I', '-S', '-c', LIST_PROCESSES], User: '0:0', AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = new PassThrough();
  const err = new PassThrough();
  let text = '';
  let errText = '';
  out.on('data', (chunk: Buffer) => { text += chunk.toString(); });
  err.on('data', (chunk: Buffer) => { errText += chunk.toString(); });
  docker.modem.demuxStream(stream, out, err);
  await finished(stream);
  const { ExitCode } = await exec.inspect();
  if (ExitCode !== 0) throw new Error(`listing the processes of ${id.slice(0, 12)} failed (${String(ExitCode)}): ${errText}`);
  return text.split('\n').filter((l) => l !== '').map((l) => {
    const space = l.indexOf(' ');
    return { uid: Number(l.slice(0, space)), cmd: l.slice(space + 1) };
  });
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
