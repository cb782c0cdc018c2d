// Containers are labelled with the process that owns them, so a process that died without closing its pools
// (kill -9, crash, power loss) leaves containers the next start can recognise and remove. The owner is
// host + pid + the pid's start time, so a recycled pid is not mistaken for the owner.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type Docker from 'dockerode';
import type { Logger } from '../log.ts';
import { removeContainer, SANDBOX_LABEL } from './container.ts';
import { pidAlive } from '../pids.ts';

const HOST_LABEL = 'flywheel.owner.host';
const PID_LABEL = 'flywheel.owner.pid';
const START_LABEL = 'flywheel.owner.start';

/** Start time of a process in clock ticks since boot (Linux), or '' where /proc does not tell. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; fields after the last ')' are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? '';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && os.platform() === 'linux') return undefined;
    return '';
  }
}

export function ownerLabels(pid: number = process.pid): Record<string, string> {
  return { [HOST_LABEL]: os.hostname(), [PID_LABEL]: String(pid), [START_LABEL]: processStart(pid) ?? '' };
}

/** Whether the process named by a container's labels still runs here. Containers of other hosts count as alive. */
export function ownerAlive(labels: Record<string, string>): boolean {
  if (labels[HOST_LABEL] !== os.hostname()) return true;
  const pid = Number(labels[PID_LABEL]);
  if (!pidAlive(pid)) return false;
  const start = processStart(pid);
  if (start === undefined) return false;
  return start === '' || labels[START_LABEL] === '' || labels[START_LABEL] === start;
}

/** Removes sandbox containers whose owner process is dead. Returns how many were removed. */
export async function reapOrphans(docker: Docker, log: Logger): Promise<number> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${SANDBOX_LABEL}=1`] } });
  let removed = 0;
  for (const info of containers) {
    if (ownerAlive(info.Labels)) continue;
    await removeContainer(docker.getContainer(info.Id));
    removed += 1;
    log.info({ container: info.Id.slice(0, 12), ownerPid: info.Labels[PID_LABEL] }, 'removed sandbox container left by a dead process');
  }
  return removed;
}
