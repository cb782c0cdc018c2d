"""One job in the process started for it (process.py): its files handed over, its output and verdict channel
read under its limits, then everything of its uid killed and its traces wiped.

What decides the result is settled before clean-up starts: a clean-up that meets something the job left
(a directory it made unreadable, say) can make the container unhealthy, never change the result.
"""

import errno
import os
import selectors
import signal
import time

from conf import CONF, MIB, SANDBOX
from procs import kill_uid, live_tasks, memory_left, oom_kills, pids_now, signal_name
from sweep import sweep

# How often process count and disk use are sampled while a job runs.
SAMPLE_S = 0.05
# Processes are counted from /proc's listing at every sample. Threads count against the limit too, and counting
# them reads each process's status, which gVisor makes slow while many processes are busy: that count is taken
# every few samples, and only while the job has few processes (the kernel's RLIMIT_NPROC holds either way).
EXACT_EVERY = 4
EXACT_BELOW = 16
# Output past the cap is read and dropped (so the writer does not block); this far past it the job is killed.
OUTPUT_SLACK = 1 * MIB
# Under gVisor, which shows no OOM-kill counter, a job that leaves the container less than this is over its
# memory: past the container's limit gVisor stalls as a whole rather than killing one process.
MEMORY_FLOOR = 32 * MIB
# After the job's processes are killed, what they wrote before is read for at most this long.
DRAIN_S = 1.0
DISK_PATTERNS = [b'No space left on device', b'File too large']
# A failed fork shows on stderr; these messages name it outright and count even if the job then exits 0.
FORK_FAILED = [b'Cannot fork', b'fork: retry', b'fork: Resource temporarily unavailable', b"can't start new thread"]
# These are EAGAIN in general, so they only count for a job that failed.
PIDS_PATTERNS = [b'Resource temporarily unavailable', b'BlockingIOError']


def disk_used():
    st = os.statvfs(SANDBOX)
    return (st.f_blocks - st.f_bfree) * st.f_frsize


class Streams:
    """The job's stdout/stderr (kept up to cap + 1 bytes, counted in full)."""

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

    def fork_failed(self):
        err = bytes(self.kept['stderr'][-4096:])
        return any(p in err for p in FORK_FAILED)

    def flooded(self):
        return max(self.seen.values()) > self.cap + max(OUTPUT_SLACK, 8 * self.cap)


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
    if any(p in err for p in CONF['timeoutPatterns']):
        return 'timeout'
    if any(p in err for p in DISK_PATTERNS):
        return 'disk'
    if any(p in err for p in PIDS_PATTERNS):
        return 'pids'
    return None


def run_job(job, proc):
    """Runs `job` in `proc`, the process started for it (perhaps before it arrived: see process.py)."""
    limits = job['limits']
    uid, wd, channel = proc.uid, proc.wd, proc.channel
    started = time.monotonic()
    oom_before = oom_kills()
    # Every process that appears from now until the job is over is the job's: the runner starts none meanwhile.
    # (Taken before a job without a channel starts, in assign; a process started ahead is the job's too.)
    others = pids_now() - {str(proc.pid)}
    try:
        proc.assign(job)
    except OSError as exc:
        # The job's own files do not fit (ENOSPC, EFBIG): the job's doing, named like a job's own failure.
        setup = f'sandbox: cannot write the job\'s files: {exc}'
        limit = 'disk' if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) else None
        proc.abandon()
        collected, healthy = finish(uid, wd, [], limits)
        return result(126, None, b'', setup.encode(), {'stdout': 0, 'stderr': len(setup)}, limits, collected, started, time.monotonic(), limit, healthy, None)
    out_r, err_r, in_w, setup_error, exited = proc.out_r, proc.err_r, proc.in_w, proc.setup_error, proc.exited

    sel = selectors.DefaultSelector()
    streams = Streams(sel, limits['outputBytes'])
    streams.add_reader(out_r, 'stdout')
    streams.add_reader(err_r, 'stderr')
    if channel:
        sel.register(channel, selectors.EVENT_READ, 'channel')
    pending = memoryview((job.get('stdin') or '').encode('utf-8')) if in_w is not None else None
    if in_w is not None:
        os.set_blocking(in_w, False)
        sel.register(in_w, selectors.EVENT_WRITE, 'stdin')
    if exited.fileno() is not None:
        sel.register(exited, selectors.EVENT_READ, 'exit')

    limit, status = None, None
    deadline = started + limits['timeoutMs'] / 1000
    next_sample = started + SAMPLE_S
    samples = 0
    disk_cap = limits['diskMb'] * MIB
    while True:
        now = time.monotonic()
        status = exited.poll()
        if status is not None:
            break
        if now >= deadline:
            limit = 'timeout'
        elif now >= next_sample:
            next_sample = now + SAMPLE_S
            samples += 1
            processes = len(pids_now() - others)
            if processes >= limits['pids'] or streams.fork_failed():
                limit = 'pids'
            elif processes < EXACT_BELOW and samples % EXACT_EVERY == 0 and live_tasks(uid, zombies=True) >= limits['pids']:
                limit = 'pids'
            elif disk_used() > disk_cap:
                limit = 'disk'
            elif oom_before is not None and (oom_kills() or 0) > oom_before:
                # The OOM killer took one of the job's processes: the job as a whole is over its memory.
                limit = 'memory'
            elif (memory_left() or MEMORY_FLOOR) < MEMORY_FLOOR:
                limit = 'memory'
        if limit is not None:
            break
        wait = min(deadline, next_sample) - now
        if exited.fileno() is None:
            wait = min(wait, 0.01)
        for key, _ in sel.select(max(wait, 0)):
            if key.data == 'exit':
                continue
            if key.data == 'channel':
                if not channel.drain():
                    sel.unregister(channel)
            elif key.data == 'stdin':
                try:
                    pending = pending[os.write(key.fd, pending):]
                except OSError:
                    pending = pending[:0]
                if len(pending) == 0:
                    sel.unregister(key.fd)
                    os.close(key.fd)
                    in_w = None
            else:
                streams.on_read(key.fd, key.data)
                if streams.flooded():
                    limit = 'output'
        if limit is not None:
            break

    # The moment the main process is over (or a limit ended it), every process of the uid goes: nothing of the
    # job runs on, writes to its output or its channel, or outlives it.
    if status is None:
        try:
            os.kill(proc.pid, signal.SIGKILL)
        except OSError:
            pass
    # Its process group first, in one call: a fork bomb that stays in it goes at once, without the per-process
    # reads of kill_uid, which then finds whatever left the group.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    killed = kill_uid(uid)
    if status is None:
        status = exited.wait()
    ended = time.monotonic()
    if exited.fileno() is not None:
        sel.unregister(exited)
    if in_w is not None:
        sel.unregister(in_w)
        os.close(in_w)
    drain_until = time.monotonic() + DRAIN_S
    while streams.open > 0 and time.monotonic() < drain_until:
        for key, _ in sel.select(max(0, drain_until - time.monotonic())):
            if key.data in ('stdout', 'stderr'):
                streams.on_read(key.fd, key.data)
    for key in list(sel.get_map().values()):
        if key.data in ('stdout', 'stderr'):
            sel.unregister(key.fd)
            os.close(key.fd)
    sel.close()
    report = None
    if channel:
        channel.drain()
        report = channel.summary()
        channel.close()
    # Only now: a reaped sender's datagrams would read as pid 0 under gVisor (zygote.exit_status).
    exited.close()

    collected, healthy = finish(uid, wd, job.get('collect', []), limits)
    healthy = healthy and killed
    exit_code, sig = None, None
    if setup_error:
        code, _, message = setup_error.decode('utf-8', 'replace').partition(' ')
        exit_code = int(code)
        streams.kept['stderr'] += message.encode() + b'\n'
    elif os.WIFEXITED(status):
        exit_code = os.WEXITSTATUS(status)
    elif os.WIFSIGNALED(status):
        sig = signal_name(os.WTERMSIG(status))
    limit = classify(status, streams, oom_before, limit) if not setup_error else None
    return result(exit_code, sig, streams.kept['stdout'], streams.kept['stderr'], streams.seen, limits, collected, started, ended, limit, healthy, report)


def finish(uid, wd, collect, limits):
    """Kills what is left of the uid, reads back `collect`, wipes the job's traces. (collected, healthy)."""
    killed = kill_uid(uid)
    collected, clean = sweep(uid, wd, collect, limits['outputBytes'])
    healthy = killed and clean
    try:
        os.rmdir(wd)
    except OSError:
        healthy = False
    return collected or {}, healthy


def result(exit_code, sig, stdout, stderr, seen, limits, collected, started, ended, limit, healthy, report):
    cap = limits['outputBytes']
    return {
        'exitCode': exit_code,
        'signal': sig,
        'stdout': bytes(stdout[:cap]).decode('utf-8', 'replace'),
        'stderr': bytes(stderr[:cap]).decode('utf-8', 'replace'),
        'stdoutTruncated': seen['stdout'] > cap,
        'stderrTruncated': seen['stderr'] > cap,
        'collected': collected,
        'durationMs': round((ended - started) * 1000),
        'limit': limit,
        'timedOut': limit == 'timeout',
        'healthy': healthy,
        'report': report,
    }
