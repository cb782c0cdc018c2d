// How a sandbox container is made. The decisions, in one place:
// - No network at all (NetworkMode none: loopback only), read-only root, nothing of the host mounted. The
//   hostname is Docker's default, the container's short id: how a job (and a test) can tell which container ran it.
// - One tmpfs at /sandbox holds the job directories. It is mounted exec (not noexec): compiled languages and
//   scripts run from it, and noexec would not stop an interpreter anyway; nosuid and nodev still apply.
// - The runner is root inside the container with CapDrop ALL and back only SETUID/SETGID (to become the job's
//   uid), CHOWN (to hand the job its directory) and KILL (to kill a job's process group). Jobs run under fresh
//   uids with no capabilities at all; no-new-privileges keeps setuid binaries from giving any back.
// - Memory equals memory+swap, so a job cannot swap its way past the limit; PidsLimit caps the container as a
//   whole (the runner sets a lower per-job RLIMIT_NPROC); Init reaps orphaned job processes.
// - The runtime is decided once per sandbox (runtime.ts). Under gVisor the container's cgroup holds gVisor's own
//   host threads and processes, not the job's: its ptrace platform keeps some 20-35 of them per process of the
//   sandboxed program, and a gVisor that meets the host's pids limit dies whole. There the limit is scaled so
//   that the per-job RLIMIT_NPROC (which gVisor enforces) is always the one a job meets.
import os from 'node:os';
import type Docker from 'dockerode';
import type { Config } from '../config.ts';
import { GVISOR } from './runtime.ts';

export const RUNNER_CMD = ['python3', '-I', '-S', '/opt/flywheel/runner/runner.py'];
const MIB = 1024 * 1024;

export const SANDBOX_LABEL = 'flywheel.sandbox';
/** Host tasks gVisor may hold per task of the sandboxed program (measured: up to ~35), and its own base. */
const GVISOR_TASKS_PER_PID = 40;
const GVISOR_BASE_TASKS = 256;

/** The container's pids limit: the setting as it is under runc, scaled to gVisor's own threads under runsc. */
export function hostPidsLimit(config: Config, runtime: string): number {
  return runtime === GVISOR ? config.sandboxPids * GVISOR_TASKS_PER_PID + GVISOR_BASE_TASKS : config.sandboxPids;
}

export interface ContainerImage {
  name: string;
  tag: string;
  /** Labels naming the owning process (see reaper.ts). */
  owner: Record<string, string>;
}

export function containerOptions(config: Config, image: ContainerImage, runtime: string): Docker.ContainerCreateOptions {
  return {
    Image: image.tag,
    Cmd: ['sleep', 'infinity'],
    User: '0:0',
    WorkingDir: '/sandbox',
    Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'LANG=C.UTF-8'],
    NetworkDisabled: true,
    Labels: { [SANDBOX_LABEL]: '1', 'flywheel.sandbox.image': image.name, ...image.owner },
    HostConfig: {
      Init: true,
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      // /tmp read-only like the rest of the root: gVisor (runsc) otherwise gives a container a writable /tmp of
      // its own, which one job could leave a file in for every later job of the container to find.
      Tmpfs: { '/sandbox': `rw,exec,nosuid,nodev,size=${config.sandboxTmpfsMb}m,mode=711`, '/tmp': 'ro,nosuid,nodev,noexec,size=64k' },
      Memory: config.sandboxMemoryMb * MIB,
      MemorySwap: config.sandboxMemoryMb * MIB,
      PidsLimit: hostPidsLimit(config, runtime),
      NanoCpus: Math.round(config.sandboxCpus * 1e9),
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      CapAdd: ['SETUID', 'SETGID', 'CHOWN', 'KILL'],
      Runtime: runtime,
      IpcMode: 'private',
      ShmSize: 16 * MIB,
      LogConfig: { Type: 'none', Config: {} },
    },
  };
}

/** Creates and starts one sandbox container under `runtime` (resolved: never `auto`); removes it again if it does not start. */
export async function startContainer(docker: Docker, config: Config, image: ContainerImage, runtime: string): Promise<Docker.Container> {
  const container = await docker.createContainer({
    ...containerOptions(config, image, runtime),
    name: `flywheel-sandbox-${image.name}-${os.hostname().replace(/[^a-zA-Z0-9_.-]/g, '_')}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
  });
  try {
    await container.start();
  } catch (err) {
    await removeContainer(container);
    throw err;
  }
  return container;
}

/** Kills and removes a container; a container that is already gone counts as removed. */
export async function removeContainer(container: Docker.Container): Promise<void> {
  const remove = () => container.remove({ force: true, v: true }).then(() => true, (err: unknown) => {
    const status = (err as { statusCode?: number }).statusCode;
    // 404: gone already; 409: removal already in progress.
    if (status === 404 || status === 409) return true;
    throw err;
  });
  try {
    await remove();
  } catch {
    // gVisor cannot kill a paused (frozen) container: thawed, it can. Once more, then the error stands.
    await container.unpause().catch(() => undefined);
    await remove();
  }
}
