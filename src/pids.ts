// Whether a process of this machine still runs: used to take over what a dead process left behind (a lock
// on the embedded database, leases of a killed worker, sandbox containers).

export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the pid exists but belongs to someone else; ESRCH: no such process.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
