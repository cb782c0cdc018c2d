"""Processes of a job's uid, seen and ended by the root runner through /proc; limits; signal names."""

import _signal
import ctypes
import os
import resource
import signal
import struct
import time

from conf import CONF, MIB


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


def uid_processes(uid, zombies=False):
    """[(pid, threads)] of processes whose real uid is `uid`; zombies only if asked (the kernel's RLIMIT_NPROC
    count includes them until they are reaped, a clean-up check does not)."""
    out = []
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
            out.append((int(name), info[2]))
    return out


def live_tasks(uid, zombies=False):
    return sum(threads for _, threads in uid_processes(uid, zombies))


def kill_uid(uid, rounds=200):
    """SIGKILLs every process of `uid` from the root runner (CAP_KILL), again until none is left: a job cannot
    stop or outrun this, unlike a helper running as its own uid. True once nothing of the uid lives."""
    for attempt in range(rounds):
        found = uid_processes(uid)
        if not found:
            return True
        for pid, _ in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if attempt >= 3:
            # Killed processes take a moment to become zombies.
            time.sleep(0.001 * min(attempt, 20))
    return not uid_processes(uid)


def pids_now():
    """The pids /proc lists: one directory read, cheap however many processes a job has. Reading each one's
    status is not, under gVisor, whose scheduler gives the root runner no priority over a job's busy processes."""
    return {name for name in os.listdir('/proc') if name.isdigit()}


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


def memory_left():
    """Bytes the container has left where the kernel the job sees is the container's own: gVisor's /proc/meminfo
    counts the whole sandbox against the container's limit, and no cgroup file is visible inside it. None where
    the cgroup tells (runc, whose /proc/meminfo is the host's)."""
    if HAS_CGROUP_MEMORY:
        return None
    try:
        with open('/proc/meminfo', 'rb') as f:
            for line in f:
                if line.startswith(b'MemAvailable:'):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def signal_name(number):
    """SIGKILL, SIGRTMIN+6, SIG77: every number gets a name (real-time signals have no Signals member)."""
    try:
        return signal.Signals(number).name
    except ValueError:
        if signal.SIGRTMIN <= number <= signal.SIGRTMAX:
            return f'SIGRTMIN+{number - signal.SIGRTMIN}'
        return f'SIG{number}'


def become(uid):
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def set_limits(limits, memory_mb=None):
    """The job's rlimits: CPU seconds from its time limit, memory per the image, file size, processes, no core."""
    cpu = -(-limits['timeoutMs'] // 1000) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    memory = (memory_mb or limits['memoryMb']) * MIB
    kind = CONF['memoryRlimit']
    if kind == 'AS':
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    elif kind == 'DATA':
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits['diskMb'] * MIB, limits['diskMb'] * MIB))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits['pids'], limits['pids']))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    seal_mqueue()


def default_signals():
    """Python ignores some signals and a fork server catches SIGCHLD; a job gets the default actions (SIGXFSZ
    is how the file-size limit bites). Through `_signal` and plain numbers: this runs in every forked job, where
    each page the `signal` module's enum wrappers touch would be copied."""
    for sig in DEFAULT_SIGNALS:
        _signal.signal(sig, _signal.SIG_DFL)


DEFAULT_SIGNALS = tuple(int(s) for s in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGXCPU, signal.SIGCHLD, signal.SIGINT, signal.SIGTERM))


HAS_CGROUP_MEMORY = oom_kills() is not None

# POSIX message queues outlive their processes; the sweep empties /dev/mqueue after each job. Where the runtime
# mounts no /dev/mqueue (gVisor), a queue a job left could be opened by name by every later job and nothing could
# list it to remove it, so there a job gets no queues at all: a seccomp filter fails mq_open with ENOSYS.
MQUEUE_LISTED = os.path.isdir('/dev/mqueue')
_AUDIT_ARCH = {'x86_64': (0xC000003E, 240), 'aarch64': (0xC00000B7, 180)}
_X32 = 0x40000000


def _mq_filter():
    arch, nr = _AUDIT_ARCH.get(os.uname().machine, (None, None))
    if arch is None:
        return None
    ld, jeq, ret = 0x20, 0x15, 0x06  # BPF_LD|W|ABS, BPF_JMP|JEQ|K, BPF_RET|K; jumps count from the next one
    insns = [
        (ld, 0, 0, 4),                  # 0: A = arch
        (jeq, 0, 3, arch),              # 1: another ABI: to 5
        (ld, 0, 0, 0),                  # 2: A = syscall number
        (jeq, 2, 0, nr),                # 3: mq_open: to 6
        (jeq, 1, 0, nr | _X32),         # 4: x32's mq_open: to 6
        (ret, 0, 0, 0x7FFF0000),        # 5: SECCOMP_RET_ALLOW
        (ret, 0, 0, 0x00050000 | 38),   # 6: SECCOMP_RET_ERRNO | ENOSYS
    ]
    code = b''.join(struct.pack('=HBBI', *i) for i in insns)
    buf = ctypes.create_string_buffer(code, len(code))

    class Prog(ctypes.Structure):
        _fields_ = [('len', ctypes.c_ushort), ('filter', ctypes.c_void_p)]

    return ctypes.CDLL(None, use_errno=True).prctl, Prog(len(insns), ctypes.addressof(buf)), buf


# Built once, before any job: a job's process only makes the two prctl calls.
_MQ_FILTER = None if MQUEUE_LISTED else _mq_filter()


def seal_mqueue():
    """In a job's process, where queues cannot be listed: no mq_open (and no_new_privs, which a filter needs)."""
    if _MQ_FILTER is None:
        return
    prctl, prog, _ = _MQ_FILTER
    if prctl(38, 1, 0, 0, 0) != 0 or prctl(22, 2, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), 'cannot install the sandbox seccomp filter')


def lower_priority():
    """Makes the job, not the runner, the OOM killer's first choice, and the scheduler's last: a job that keeps
    every CPU of its quota busy (a fork storm) must not starve the runner that watches its limits. Neither
    needs privilege."""
    try:
        fd = os.open('/proc/self/oom_score_adj', os.O_WRONLY)
        try:
            os.write(fd, b'1000')
        finally:
            os.close(fd)
    except OSError:
        pass
    try:
        os.nice(19)
    except OSError:
        pass
