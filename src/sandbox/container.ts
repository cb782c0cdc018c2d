// How a sandbox container is made. The decisions, in one place:
// - No network at all (NetworkMode none: loopback only), read-only root, nothing of the host mounted.
// - One tmpfs at /sandbox holds the job directories. It is mounted exec (not noexec): compiled languages and
//   scripts run from it, and noexec would not stop an interpreter anyway; nosuid and nodev still apply.
// - The runner is root inside the container with CapDrop ALL and back only SETUID/SETGID (to become the job's
//   uid), CHOWN (to hand the job its directory) and KILL (to kill a job's process group). Jobs run under fresh
//   uids with no capabilities at all; no-new-privileges keeps setuid binaries from giving any back.
// - Memory equals memory+swap, so a job cannot swap its way past the limit; PidsLimit caps the container as a
//   whole (the runner sets a lower per-job RLIMIT_NPROC); Init reaps orphaned job processes.
import os from 'node:os';
import type Docker from 'dockerode';
import type { Config } from '../config.ts';

export const RUNNER_CMD = ['python3', '-I', '-S', '/opt/flywheel/runner/runner.py'];
const MIB = 1024 * 1024;

export const SANDBOX_LABEL = 'flywheel.sandbox';

export interface ContainerImage {
  name: string;
  tag: string;
  /** Labels naming the owning process (see reaper.ts). */
  owner: Record<string, string>;
}

export function containerOptions(config: Config, image: ContainerImage): Docker.ContainerCreateOptions {
  return {
    Image: image.tag,
    Cmd: ['sleep', 'infinity'],
    User: '0:0',
    WorkingDir: '/sandbox',
    Hostname: 'sandbox',
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
      PidsLimit: config.sandboxPids,
      NanoCpus: Math.round(config.sandboxCpus * 1e9),
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      CapAdd: ['SETUID', 'SETGID', 'CHOWN', 'KILL'],
      Runtime: config.sandboxRuntime,
      IpcMode: 'private',
      ShmSize: 16 * MIB,
      LogConfig: { Type: 'none', Config: {} },
    },
  };
}

/** Creates and starts one sandbox container; removes it again if it does not start. */
export async function startContainer(docker: Docker, config: Config, image: ContainerImage): Promise<Docker.Container> {
  const container = await docker.createContainer({
    ...containerOptions(config, image),
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
  try {
    await container.remove({ force: true, v: true });
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    // 404: gone already; 409: removal already in progress.
    if (status !== 404 && status !== 409) throw err;
  }
}
