"""In-container job runner of the flywheel sandbox.

One runner process serves a container for as long as the host keeps its exec open: it reads batches of jobs,
one JSON line each on stdin ({"jobs": [...]}, limits already resolved by the host), and runs the jobs of a
batch one after another. For each job it prints a line {"event": "result", "index": i, ...} once the job is
over and cleaned up (and {"event": "ready"} once, at start). Jobs run strictly in order, so the host knows job i starts when result i - 1 arrives and
arms its own deadline then. The runner exits at end of input, after a runner fault ({"event": "error"}), and
after a job it could not clean up after (result with "healthy": false): the host then replaces the container.
Keeping the runner alive spares each batch an exec and an interpreter start-up, which cost more than a job.

The runner is root inside the container with only CAP_SETUID, CAP_SETGID, CAP_CHOWN and CAP_KILL. Every job
runs under a fresh random uid, so RLIMIT_NPROC (counted per uid by the kernel, across containers too) is the
job's own process budget, the job cannot signal the runner, and a leftover process of one job can never touch
the next one. Everything a job leaves behind is swept by a helper running as that same uid: kill(-1, SIGKILL)
reaches exactly the job's processes, and the job uid owns every file it could have made.
"""

import errno
import json
import os
import resource
import selectors
import signal
import stat
import sys
import time

SANDBOX = '/sandbox'
IMAGE_CONF = '/opt/flywheel/image.json'
MIB = 1024 * 1024
# After the main process exits, its output is drained this long; a background process holding the pipes does
# not keep the job open.
EXIT_GRACE_S = 0.2
# How often process count and disk use are sampled while a job runs.
SAMPLE_S = 0.05
# Output past the cap is read and dropped (so the writer does not block); this far past it the job is killed.
OUTPUT_SLACK = 1 * MIB
UID_FLOOR = 1 << 24  # above the uids hosts give to users and to subordinate-uid ranges
UID_SPAN = 1 << 30
SHARED_DIRS = ('/dev/shm', '/dev/mqueue')


def load_image_conf():
    try:
        with open(IMAGE_CONF, 'rb') as f:
            conf = json.load(f)
    except OSError:
        conf = {}
    runtime = conf.get('runtime', {})
    return {
        'env': runtime.get('env', {}),
        'memoryRlimit': runtime.get('memoryRlimit', 'AS'),
        'memoryPatterns': [p.encode() for p in runtime.get('memoryPatterns', [])],
    }


CONF = load_image_conf()
DISK_PATTERNS = [b'No space left on device', b'File too large']
# A failed fork shows on stderr; these messages name it outright and count even if the job then exits 0.
FORK_FAILED = [b'Cannot fork', b'fork: retry', b'fork: Resource temporarily unavailable', b"can't start new thread"]
# These are EAGAIN in general, so they only count for a job that failed.
PIDS_PATTERNS = [b'Resource temporarily unavailable', b'BlockingIOError']


def emit(obj):
    sys.stdout.buffer.write(json.dumps(obj, ensure_ascii=False).encode('utf-8', 'replace') + b'\n')
    sys.stdout.buffer.flush()


def pick_uid():
    # One in 2^30: a clash with an earlier job's uid is not worth a /proc scan per job, and an earlier job never
    # leaves a process behind (the container is replaced when one survives the sweep).
    return UID_FLOOR + int.from_bytes(os.urandom(4), 'little') % UID_SPAN


def proc_status(pid):
    """(real uid, state letter, thread count) of a process, or None if it is gone."""
    try:
        with open(f'/proc/{pid}/status', 'rb') as f:
            text = f.read()
    except OSError:
        return None
    uid, state, threads = None, b'?', 1
    for line in text.split(b'\n'):
        if line.startswith(b'Uid:'):
            uid = int(line.split()[1])
        elif line.startswith(b'State:'):
            state = line.split()[1]
        elif line.startswith(b'Threads:'):
            threads = int(line.split()[1])
    return uid, state, threads


def live_tasks(uid, zombies=False):
    """Threads of processes whose real uid is `uid`; zombies only if asked (the kernel's RLIMIT_NPROC count
    includes them until they are reaped, a clean-up check does not)."""
    count = 0
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        # /proc/<pid> belongs to the process's uid, or to root once it is not dumpable (which a job can make
        # itself): only those two can be the job's, the status file says for sure.
        try:
            owner = os.stat('/proc/' + name).st_uid
        except OSError:
            continue
        if owner != uid and owner != 0:
            continue
        info = proc_status(name)
        if info is not None and info[0] == uid and (zombies or info[1] not in (b'Z', b'X')):
            count += info[2]
    return count


def oom_kills():
    """The container's OOM-kill counter, or None where the cgroup does not tell."""
    for path, key in (('/sys/fs/cgroup/memory/memory.oom_control', b'oom_kill'), ('/sys/fs/cgroup/memory.events', b'oom_kill')):
        try:
            with open(path, 'rb') as f:
                for line in f:
                    parts = line.split()
                    if len(parts) == 2 and parts[0] == key:
                        return int(parts[1])
        except OSError:
            continue
    return None


def disk_used():
    st = os.statvfs(SANDBOX)
    return (st.f_blocks - st.f_bfree) * st.f_frsize


def safe_rel(path):
    parts = path.split('/')
    return path != '' and '\0' not in path and not path.startswith('/') and all(p not in ('', '.', '..') for p in parts)


def become(uid):
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def start_child(job, uid, wd, fds):
    """Runs in the forked child: drop to the job uid, write the files, set limits, exec. Never returns."""
    limits = job['limits']
    os.setsid()
    # Make the job, not the runner, the OOM killer's first choice (raising it needs no privilege).
    try:
        with open('/proc/self/oom_score_adj', 'w') as f:
            f.write('1000')
    except OSError:
        pass
    become(uid)
    os.umask(0o022)
    for rel, content in job['files'].items():
        if not safe_rel(rel):
            raise ValueError(f'bad file path {rel!r}')
        full = os.path.join(wd, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        fd = os.open(full, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with open(fd, 'wb') as f:
            f.write(content.encode('utf-8'))
    os.chdir(wd)
    cpu = -(-limits['timeoutMs'] // 1000) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    memory = limits['memoryMb'] * MIB
    kind = CONF['memoryRlimit']
    if kind == 'AS':
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    elif kind == 'DATA':
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits['diskMb'] * MIB, limits['diskMb'] * MIB))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits['pids'], limits['pids']))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # Python ignores these; the job must get the default actions (SIGXFSZ is how the file-size limit bites).
    for sig in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGXCPU):
        signal.signal(sig, signal.SIG_DFL)
    os.dup2(fds['stdin'], 0)
    os.dup2(fds['stdout'], 1)
    os.dup2(fds['stderr'], 2)
    env = {'PATH': '/usr/local/bin:/usr/bin:/bin', 'HOME': wd, 'TMPDIR': wd, 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}
    env.update(CONF['env'])
    os.execvpe(job['command'][0], job['command'], env)


def remove_tree(root):
    """Removes everything under `root` (not root itself), iteratively: a job may nest directories very deep."""
    stack = [(root, False)]
    while stack:
        path, visited = stack.pop()
        if visited:
            os.rmdir(path)
            continue
        for entry in os.listdir(path):
            full = os.path.join(path, entry)
            st = os.lstat(full)
            if stat.S_ISDIR(st.st_mode):
                os.chmod(full, 0o700)
                stack.append((full, True))
                stack.append((full, False))
            else:
                os.unlink(full)


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


def sweep_ipc(uid):
    """SysV IPC objects outlive processes; remove the job's."""
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
    if ids:
        pid = os.fork()
        if pid == 0:
            os.execvp('ipcrm', ['ipcrm'] + ids)
        os.waitpid(pid, 0)


def sweep(uid, wd, collect, cap):
    """As the job uid: kill every process of the job, read back `collect`, wipe what the job wrote.
    Returns the collected files, or None if the helper failed."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            become(uid)
            # kill(-1) signals every process this uid may signal, i.e. the job's, wherever they moved to
            # (setsid, double fork). The kernel does not let a fork slip past one kill(-1) sweep.
            for _ in range(3):
                try:
                    os.kill(-1, signal.SIGKILL)
                except ProcessLookupError:
                    break
            collected = read_collect(wd, collect, cap)
            remove_tree(wd)
            for shared in SHARED_DIRS:
                try:
                    names = os.listdir(shared)
                except OSError:
                    continue
                for name in names:
                    full = os.path.join(shared, name)
                    try:
                        st = os.lstat(full)
                        if st.st_uid == uid:
                            if stat.S_ISDIR(st.st_mode):
                                remove_tree(full)
                                os.rmdir(full)
                            else:
                                os.unlink(full)
                    except OSError:
                        pass
            sweep_ipc(uid)
            os.write(w, json.dumps(collected).encode())
            os._exit(0)
        except BaseException:
            os._exit(1)
    os.close(w)
    chunks = []
    while True:
        data = os.read(r, 65536)
        if not data:
            break
        chunks.append(data)
    os.close(r)
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    return json.loads(b''.join(chunks))


class Streams:
    """The job's stdout/stderr (kept up to cap + 1 bytes, counted in full) and its stdin feed."""

    def __init__(self, sel, cap):
        self.sel = sel
        self.cap = cap
        self.kept = {'stdout': bytearray(), 'stderr': bytearray()}
        self.seen = {'stdout': 0, 'stderr': 0}
        self.open = 0

    def add_reader(self, fd, name):
        os.set_blocking(fd, False)
        self.sel.register(fd, selectors.EVENT_READ, name)
        self.open += 1

    def on_read(self, fd, name):
        try:
            data = os.read(fd, 262144)
        except BlockingIOError:
            return
        if not data:
            self.sel.unregister(fd)
            os.close(fd)
            self.open -= 1
            return
        self.seen[name] += len(data)
        room = self.cap + 1 - len(self.kept[name])
        if room > 0:
            self.kept[name] += data[:room]

    def flooded(self):
        return max(self.seen.values()) > self.cap + max(OUTPUT_SLACK, 8 * self.cap)

    def close(self):
        for key in list(self.sel.get_map().values()):
            self.sel.unregister(key.fd)
            os.close(key.fd)
        self.open = 0


def kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


def classify(status, streams, oom_before, limit):
    """Which limit ended the job, from the exit status and the evidence it left."""
    if limit is not None:
        return limit
    if status is None:
        return None
    oom_after = oom_kills()
    if oom_before is not None and oom_after is not None and oom_after > oom_before:
        return 'memory'
    err = bytes(streams.kept['stderr'][-4096:])
    if any(p in err for p in FORK_FAILED):
        return 'pids'
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU:
            return 'timeout'
        if sig == signal.SIGXFSZ:
            return 'disk'
        if sig == signal.SIGKILL and oom_after is None:
            # Nobody else sends SIGKILL to a job we did not kill ourselves: the OOM killer did.
            return 'memory'
    elif os.WEXITSTATUS(status) == 0:
        return None
    if any(p in err for p in CONF['memoryPatterns']):
        return 'memory'
    if any(p in err for p in DISK_PATTERNS):
        return 'disk'
    if any(p in err for p in PIDS_PATTERNS):
        return 'pids'
    return None


def run_job(job):
    limits = job['limits']
    uid = pick_uid()
    wd = f'{SANDBOX}/{uid}'
    os.mkdir(wd, 0o700)
    os.chown(wd, uid, uid)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    if job.get('stdin') is not None:
        in_r, in_w = os.pipe()
    else:
        in_r, in_w = os.open('/dev/null', os.O_RDONLY), None
    status_r, status_w = os.pipe()
    oom_before = oom_kills()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(status_r)
            start_child(job, uid, wd, {'stdin': in_r, 'stdout': out_w, 'stderr': err_w})
        except BaseException as exc:
            code = 127 if isinstance(exc, FileNotFoundError) else 126
            try:
                os.write(status_w, f'{code} sandbox: cannot run {job["command"][0]!r}: {exc}'.encode())
            finally:
                os._exit(code)
    for fd in (out_w, err_w, in_r, status_w):
        os.close(fd)
    # The status pipe is close-on-exec: EOF with no bytes means the command is running.
    setup_error = b''
    while True:
        data = os.read(status_r, 4096)
        if not data:
            break
        setup_error += data
    os.close(status_r)

    sel = selectors.DefaultSelector()
    streams = Streams(sel, limits['outputBytes'])
    streams.add_reader(out_r, 'stdout')
    streams.add_reader(err_r, 'stderr')
    pending = memoryview(job['stdin'].encode('utf-8')) if in_w is not None else None
    if in_w is not None:
        os.set_blocking(in_w, False)
        sel.register(in_w, selectors.EVENT_WRITE, 'stdin')
    try:
        pidfd = os.pidfd_open(pid)
        sel.register(pidfd, selectors.EVENT_READ, 'exit')
    except (AttributeError, OSError):
        pidfd = None

    limit, status, exited_at = None, None, None
    deadline = started + limits['timeoutMs'] / 1000
    next_sample = started + SAMPLE_S
    disk_cap = limits['diskMb'] * MIB
    while True:
        now = time.monotonic()
        if status is None:
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status, exited_at = st, now
                if pidfd is not None and pidfd in sel.get_map():
                    sel.unregister(pidfd)
        if status is not None and (streams.open == 0 or now >= exited_at + EXIT_GRACE_S):
            break
        if status is None and now >= deadline:
            limit = 'timeout'
        elif now >= next_sample:
            next_sample = now + SAMPLE_S
            if live_tasks(uid, zombies=True) >= limits['pids']:
                limit = 'pids'
            elif disk_used() > disk_cap:
                limit = 'disk'
            elif oom_before is not None and (oom_kills() or 0) > oom_before:
                # The OOM killer took one of the job's processes: the job as a whole is over its memory.
                limit = 'memory'
        if limit is not None:
            break
        wait = min(deadline, next_sample) - now
        if status is not None:
            wait = min(wait, exited_at + EXIT_GRACE_S - now)
        elif pidfd is None:
            wait = min(wait, 0.01)
        for key, _ in sel.select(max(wait, 0)):
            if key.data == 'exit':
                sel.unregister(key.fd)
            elif key.data == 'stdin':
                try:
                    pending = pending[os.write(key.fd, pending):]
                except OSError:
                    pending = pending[:0]
                if len(pending) == 0:
                    sel.unregister(key.fd)
                    os.close(key.fd)
            else:
                streams.on_read(key.fd, key.data)
                if streams.flooded():
                    limit = 'output'
        if limit is not None:
            break

    if status is None:
        kill_group(pid)
        _, status = os.waitpid(pid, 0)
    ended = time.monotonic()
    if pidfd is not None:
        if pidfd in sel.get_map():
            sel.unregister(pidfd)
        os.close(pidfd)
    # Stop any writer still attached before the sweep; what is kept stays kept.
    streams.close()
    sel.close()

    # Killed processes take a moment to turn into zombies; sweep again until none of the uid is alive.
    collected, healthy = None, False
    for _ in range(20):
        got = sweep(uid, wd, job.get('collect', []) if collected is None else [], limits['outputBytes'])
        if got is not None and collected is None:
            collected = got
        if got is not None and live_tasks(uid) == 0:
            healthy = True
            break
        time.sleep(0.01)
    try:
        os.rmdir(wd)
    except OSError:
        healthy = False

    exit_code, sig_name = None, None
    if setup_error:
        code, _, message = setup_error.decode('utf-8', 'replace').partition(' ')
        exit_code = int(code)
        streams.kept['stderr'] += message.encode() + b'\n'
    elif os.WIFEXITED(status):
        exit_code = os.WEXITSTATUS(status)
    elif os.WIFSIGNALED(status):
        sig_name = signal.Signals(os.WTERMSIG(status)).name
    limit = classify(status, streams, oom_before, limit) if not setup_error else None
    cap = limits['outputBytes']
    return {
        'exitCode': exit_code,
        'signal': sig_name,
        'stdout': bytes(streams.kept['stdout'][:cap]).decode('utf-8', 'replace'),
        'stderr': bytes(streams.kept['stderr'][:cap]).decode('utf-8', 'replace'),
        'stdoutTruncated': streams.seen['stdout'] > cap,
        'stderrTruncated': streams.seen['stderr'] > cap,
        'collected': collected or {},
        'durationMs': round((ended - started) * 1000),
        'limit': limit,
        'timedOut': limit == 'timeout',
        'healthy': healthy,
    }


def main():
    os.umask(0o022)
    os.chmod(SANDBOX, 0o711)
    emit({'event': 'ready'})
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        batch = json.loads(line)
        for index, job in enumerate(batch['jobs']):
            try:
                result = run_job(job)
            except Exception as exc:  # a runner fault: report it and let the host replace the container
                emit({'event': 'error', 'index': index, 'message': f'{type(exc).__name__}: {exc}'})
                return 1
            emit(dict(result, event='result', index=index))
            if not result['healthy']:
                return 0
    return 0


if __name__ == '__main__':
    sys.exit(main())
