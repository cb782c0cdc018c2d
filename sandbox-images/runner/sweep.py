"""After a job: its work directory, shared memory, message queues and SysV IPC objects, wiped.

The root runner has killed every process of the uid before this starts (procs.kill_uid), so nothing of the
job is left to race the clean-up. The runner has CAP_CHOWN but no CAP_DAC_OVERRIDE: it takes each directory the
job made over (chown to root, then the owner's chmod) before listing and emptying it, which a job cannot
prevent, whatever permissions it left. Only what root cannot do goes to a helper forked as the job's uid:
reading back files the job asked to collect, and removing SysV IPC objects (a fork costs milliseconds here, so
it is paid only when there is such work).
"""

import ctypes
import json
import os
import select
import signal
import stat
import time

from procs import become

SHARED_DIRS = ('/dev/shm', '/dev/mqueue')
HELPER_TIMEOUT_S = 5.0


def safe_rel(path):
    parts = path.split('/')
    return path != '' and '\0' not in path and not path.startswith('/') and all(p not in ('', '.', '..') for p in parts)


def remove_tree(root, take_over):
    """Removes everything under `root` (not root itself), iteratively: a job may nest directories very deep, and
    may have taken its own permissions away. `take_over`: chown each directory to root first (the runner);
    otherwise the caller owns them and only gives itself the permissions back (the helper)."""
    def claim(path):
        if take_over:
            os.chown(path, 0, 0, follow_symlinks=False)
        os.chmod(path, 0o700)

    claim(root)
    stack = [(root, False)]
    while stack:
        path, visited = stack.pop()
        if visited:
            os.rmdir(path)
            continue
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    claim(entry.path)
                    stack.append((entry.path, True))
                    stack.append((entry.path, False))
                else:
                    os.unlink(entry.path)


def read_collect(wd, paths, cap):
    out = {}
    for rel in paths:
        if not safe_rel(rel):
            continue
        real = os.path.realpath(os.path.join(wd, rel))
        # A symlink may point anywhere; only files that really live in the work dir are read back.
        if not real.startswith(wd + '/'):
            continue
        try:
            fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        with open(fd, 'rb') as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            out[rel] = f.read(cap).decode('utf-8', 'replace')
    return out


def ipc_objects(uid):
    """ipcrm arguments for the SysV IPC objects of `uid` (they outlive processes), or None where /proc does not
    list them (gVisor)."""
    if not os.path.isdir('/proc/sysvipc'):
        return None
    ids = []
    for kind, flag in (('shm', '-m'), ('msg', '-q'), ('sem', '-s')):
        try:
            with open(f'/proc/sysvipc/{kind}', 'rb') as f:
                lines = f.read().split(b'\n')[1:]
        except OSError:
            continue
        header_uid = {'shm': 7, 'msg': 7, 'sem': 4}[kind]
        for line in lines:
            cols = line.split()
            if len(cols) > header_uid and int(cols[header_uid]) == uid:
                ids += [flag, cols[1].decode()]
    return ids


def ipc_count():
    """How many SysV IPC objects exist in the container (SHM_INFO, MSG_INFO, SEM_INFO), which the kernel tells
    even where /proc/sysvipc is missing. Nothing of the runner's uses them."""
    libc = ctypes.CDLL(None, use_errno=True)
    shm = (ctypes.c_ulong * 8)()
    msg = (ctypes.c_int * 8)()
    sem = (ctypes.c_int * 10)()
    if libc.shmctl(0, 14, shm) < 0 or libc.msgctl(0, 12, msg) < 0 or libc.semctl(0, 0, 19, sem) < 0:
        return None
    # shm_info.used_ids, msginfo.msgpool (queues in use), seminfo.semusz (sets in use)
    return ctypes.cast(shm, ctypes.POINTER(ctypes.c_int))[0] + msg[0] + sem[7]


def helper(uid, wd, collect, cap, ipc, out):
    become(uid)
    collected = read_collect(wd, collect, cap) if collect else {}
    if ipc:
        pid = os.fork()
        if pid == 0:
            os.execvp('ipcrm', ['ipcrm'] + ipc)
        os.waitpid(pid, 0)
    os.write(out, json.dumps(collected).encode())


def as_job_uid(uid, wd, collect, cap, ipc):
    """The helper, forked as the job's uid. Returns what it collected, or None if it failed or hung."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            helper(uid, wd, collect, cap, ipc, w)
            os._exit(0)
        except BaseException:
            os._exit(1)
    os.close(w)
    deadline = time.monotonic() + HELPER_TIMEOUT_S
    chunks = []
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        ready, _, _ = select.select([r], [], [], left)
        if not ready:
            continue
        data = os.read(r, 65536)
        if not data:
            break
        chunks.append(data)
    os.close(r)
    if timed_out:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    _, status = os.waitpid(pid, 0)
    if timed_out or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    return json.loads(b''.join(chunks))


def sweep(uid, wd, collect, cap):
    """Reads back `collect` and wipes what the job wrote. Returns (the collected files, whether every trace of
    the job is known gone); the files are None if the helper that reads them failed."""
    collected = {}
    ipc = ipc_objects(uid)
    if collect or ipc:
        collected = as_job_uid(uid, wd, collect, cap, ipc)
    try:
        remove_tree(wd, take_over=True)
        for shared in SHARED_DIRS:
            try:
                entries = list(os.scandir(shared))
            except OSError:
                continue
            for entry in entries:
                st = entry.stat(follow_symlinks=False)
                if st.st_uid != uid:
                    continue
                if stat.S_ISDIR(st.st_mode):
                    remove_tree(entry.path, take_over=True)
                    os.rmdir(entry.path)
                else:
                    os.unlink(entry.path)
    except OSError:
        return collected, False
    # Where nothing lists SysV objects (gVisor has no /proc/sysvipc), none a job left can be removed: the
    # container goes, and they with it.
    clean = ipc is not None or ipc_count() == 0
    return collected, collected is not None and clean
