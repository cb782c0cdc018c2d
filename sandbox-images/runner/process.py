"""The process of one job: a fresh uid, a work directory, the command started (exec'd, or forked from the
zygote), its streams and verdict channel, before or when its job arrives.

A harness's first act is to read its nonce from the channel, so its process can be started ahead of the job
that will use it: the runner keeps one such spare, started after each job for the same command and limits,
and hands it the next matching job (files, then nonce). The spare never saw any sample code, has a uid of its
own and a directory nobody else can enter; until the files arrive the directory is root's, in the job's group,
mode 0710 (the process can enter it through its group, it cannot list or write it, no other uid can enter it).
Handing it over is then a chown alone: the mode never changes while the process may be entering it. It spares
a lone job the interpreter start-up (Node starts in most of a second here) without sharing anything between
jobs. A job that does not match (another command, other limits, stdin) discards the spare and gets a fresh
process.
"""

import os
import signal

from channel import Channel
from conf import SANDBOX, job_env
from procs import become, default_signals, kill_uid, lower_priority, set_limits
from zygote import exit_status

UID_FLOOR = 1 << 24  # above the uids hosts give to users and to subordinate-uid ranges
UID_SPAN = 1 << 30


def pick_uid():
    # One in 2^30: a clash with an earlier job's uid is not worth a /proc scan per job, and an earlier job never
    # leaves a process behind (the container is replaced when one survives the sweep).
    return UID_FLOOR + int.from_bytes(os.urandom(4), 'little') % UID_SPAN


def write_files(wd, uid, files):
    """Written by the root runner into the job's directory (root's until now), then handed to the job's uid."""
    for rel, content in files.items():
        full = os.path.join(wd, rel)
        parent = os.path.dirname(full)
        if not os.path.isdir(parent):
            os.makedirs(parent, 0o755)
        fd = os.open(full, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with open(fd, 'wb') as f:
            f.write(content.encode('utf-8'))
    for root, dirs, names in os.walk(wd):
        for name in dirs + names:
            os.chown(os.path.join(root, name), uid, uid, follow_symlinks=False)
    # The mode stays 0710: the group is the job's own, so this is owner-only in effect. (A chmod here, while
    # root's, would shut out a spare that has not yet entered its directory.)
    os.chown(wd, uid, uid)


def exec_child(command, limits, uid, wd, fds, status_w):
    """In the forked child: drop to the job uid, set limits, exec. Never returns."""
    try:
        os.setsid()
        lower_priority()
        become(uid)
        os.umask(0o022)
        os.chdir(wd)
        set_limits(limits)
        default_signals()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        os.execvpe(command[0], command, job_env(wd))
    except BaseException as exc:  # noqa: BLE001 - reported to the runner through the status pipe
        code = 127 if isinstance(exc, FileNotFoundError) else 126
        try:
            os.write(status_w, f'{code} sandbox: cannot run {command[0]!r}: {exc}'.encode())
        finally:
            os._exit(code)


class Exited:
    """How the runner learns that the job's main process ended: waitid for its own child, the zygote's report
    for a forked one. Either way the process is left a zombie until close(), after the verdict channel is read
    (see zygote.exit_status)."""

    def __init__(self, pid, zygote):
        self.pid = pid
        self.zygote = zygote
        self.status = None
        self.pidfd = None
        self.released = False
        if zygote is None:
            try:
                self.pidfd = os.pidfd_open(pid)
            except (AttributeError, OSError):
                self.pidfd = None

    def fileno(self):
        return self.zygote.fileno() if self.zygote is not None else self.pidfd

    def poll(self):
        """The exit status once the process has ended (remembered), else None."""
        if self.status is None:
            if self.zygote is not None:
                self.status = self.zygote.poll_exit(self.pid)
            else:
                try:
                    self.status = exit_status(self.pid, block=False)
                except ChildProcessError:
                    self.status = signal.SIGKILL
        return self.status

    def wait(self):
        if self.status is None:
            if self.zygote is not None:
                self.status = self.zygote.wait_exit(self.pid)
            else:
                try:
                    self.status = exit_status(self.pid, block=True)
                except ChildProcessError:
                    self.status = signal.SIGKILL
        return self.status

    def close(self):
        """Reaps the ended process (it must have ended) and lets go of the pidfd."""
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None
        if self.released or self.status is None:
            return
        self.released = True
        if self.zygote is not None:
            self.zygote.release(self.pid)
        else:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass


class Process:
    """A job's process. One with a verdict channel starts at once: its harness waits for the nonce, which comes
    only once the job's files are in place, so it may be started ahead (a spare). One without starts when the
    job's files are written (assign): a command that opens its files at once must find them there."""

    def __init__(self, command, limits, zygote, channel, stdin):
        self.command = list(command)
        self.limits = dict(limits)
        self.zygote = zygote
        self.uid = pick_uid()
        self.wd = f'{SANDBOX}/{self.uid}'
        os.mkdir(self.wd, 0o710)
        os.chown(self.wd, 0, self.uid)
        self.channel = Channel() if channel else None
        self.out_r, out_w = os.pipe()
        self.err_r, err_w = os.pipe()
        if stdin:
            in_r, self.in_w = os.pipe()
        else:
            in_r, self.in_w = os.open('/dev/null', os.O_RDONLY), None
        self.fds = [in_r, out_w, err_w] + ([self.channel.theirs.fileno()] if self.channel else [])
        self.setup_error = b''
        self.pid = None
        self.exited = None
        if self.channel:
            self.start()

    def start(self):
        fds = self.fds
        if self.zygote is not None and self.zygote.handles(self.command):
            self.pid = self.zygote.spawn(self.command, self.uid, self.wd, self.limits, job_env(self.wd), fds)
            self.exited = Exited(self.pid, self.zygote)
        else:
            status_r, status_w = os.pipe()
            self.pid = os.fork()
            if self.pid == 0:
                os.close(status_r)
                exec_child(self.command, self.limits, self.uid, self.wd, fds, status_w)
            os.close(status_w)
            # The status pipe is close-on-exec: EOF with no bytes means the command is running.
            while True:
                data = os.read(status_r, 4096)
                if not data:
                    break
                self.setup_error += data
            os.close(status_r)
            self.exited = Exited(self.pid, None)
        for fd in fds[:3]:
            os.close(fd)
        if self.channel:
            self.channel.pid = self.pid
            self.channel.give_away()

    def serves(self, job):
        """Whether this process, started ahead, can run `job` (and is still waiting for one)."""
        return (self.channel is not None and job.get('channel') and job.get('stdin') is None and job['command'] == self.command
                and job['limits'] == self.limits and not self.setup_error and self.exited is not None and self.exited.poll() is None)

    def assign(self, job):
        """Hands the job over: its files into the directory, then the nonce that lets the harness start (or the
        process itself, for a job without a channel)."""
        write_files(self.wd, self.uid, job['files'])
        if self.pid is None:
            self.start()
        if self.channel:
            self.channel.open()

    def abandon(self):
        """Kills the process and closes what the runner holds of it (the directory stays, for the sweep)."""
        if self.pid is None:
            # Never started: only its descriptors to close.
            for fd in self.fds[:3]:
                os.close(fd)
        else:
            # By pid first: a process just forked may not have taken its uid yet.
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            kill_uid(self.uid)
            if self.exited.poll() is None:
                self.exited.wait()
            self.exited.close()
        for fd in (self.out_r, self.err_r, self.in_w):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        if self.channel:
            self.channel.close()

    def discard(self):
        """A spare no job took: gone, directory and all (it never held a file)."""
        self.abandon()
        try:
            os.rmdir(self.wd)
        except OSError:
            pass
