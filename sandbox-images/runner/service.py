"""Resident services: processes kept warm in the container that answer jobs without running sample code.

A linter that takes seconds to load (the TypeScript compiler and ESLint) is started once per container, under
a uid of its own that no job ever gets, and then lints one sample per request: the request carries the job's
argv and files, the answer is the report records. A job whose argv starts with a service's `argv` goes to
that service instead of being exec'd. Nothing the service reads is a path: it gets the sources themselves, so
it cannot be pointed at another job's files. A request that outlives the job's time limit, or a service that
dies, ends that job with the limit named; the service is killed and started again for the next request.
"""

import json
import os
import selectors
import time

from conf import MIB
from procs import become, kill_uid, oom_kills, signal_name

SERVICE_UID = (1 << 24) - 2  # below every job uid
START_TIMEOUT_S = 60.0
STDERR_KEEP = 8192


class ServiceDown(Exception):
    pass


class Service:
    def __init__(self, spec, limits_of):
        self.prefix = list(spec['argv'])
        self.command = list(spec['serve'])
        self.env = {'PATH': '/usr/local/bin:/usr/bin:/bin', 'HOME': '/', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8', **spec.get('env', {})}
        self.memory_mb = spec.get('memoryMb')
        self.limits_of = limits_of
        self.pid = None
        self.buffer = b''
        self.stderr = b''
        self.ready = False

    def handles(self, command):
        return command[:len(self.prefix)] == self.prefix

    def start(self):
        in_r, in_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.setsid()
                become(SERVICE_UID)
                os.chdir('/')
                import resource
                if self.memory_mb:
                    resource.setrlimit(resource.RLIMIT_DATA, (self.memory_mb * MIB, self.memory_mb * MIB))
                resource.setrlimit(resource.RLIMIT_NPROC, (64, 64))
                resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
                resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
                os.dup2(in_r, 0)
                os.dup2(out_w, 1)
                os.dup2(err_w, 2)
                os.execvpe(self.command[0], self.command, self.env)
            finally:
                os._exit(127)
        for fd in (in_r, out_w, err_w):
            os.close(fd)
        for fd in (out_r, err_r):
            os.set_blocking(fd, False)
        self.pid, self.stdin, self.stdout, self.err = pid, in_w, out_r, err_r
        self.buffer, self.stderr, self.ready = b'', b'', False

    def stop(self):
        if self.pid is None:
            return
        kill_uid(SERVICE_UID)
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        for fd in (self.stdin, self.stdout, self.err):
            try:
                os.close(fd)
            except OSError:
                pass
        self.pid = None

    def read_line(self, deadline):
        """The next line the service prints, or None when it exited or the deadline passed (then `why`)."""
        sel = selectors.DefaultSelector()
        sel.register(self.stdout, selectors.EVENT_READ, 'out')
        sel.register(self.err, selectors.EVENT_READ, 'err')
        try:
            while b'\n' not in self.buffer:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None, 'timeout'
                for key, _ in sel.select(left):
                    try:
                        data = os.read(key.fd, 262144)
                    except BlockingIOError:
                        continue
                    if key.data == 'err':
                        self.stderr = (self.stderr + data)[-STDERR_KEEP:]
                        continue
                    if not data:
                        return None, 'exited'
                    self.buffer += data
        finally:
            sel.close()
        line, _, self.buffer = self.buffer.partition(b'\n')
        return line, None

    def wait_ready(self):
        """Waits for the service's first line (it has loaded); raises ServiceDown if it does not come."""
        if self.pid is None:
            self.start()
        if not self.ready:
            line, why = self.read_line(time.monotonic() + START_TIMEOUT_S)
            if line is None:
                self.stop()
                raise ServiceDown(f'service {self.command[-1]} did not start ({why}): {self.stderr.decode("utf-8", "replace")[-2000:]}')
            self.ready = True

    def run(self, job):
        limits = self.limits_of(job)
        oom_before = oom_kills()
        # A start-up (after a sample that cost the last one its life) is ours, not the job's: its time limit
        # starts once the service is ready. gVisor makes a linter's start-up take many seconds.
        self.wait_ready()
        started = time.monotonic()
        request = json.dumps({'args': job['command'][len(self.prefix):], 'files': job['files']}).encode() + b'\n'
        deadline = started + limits['timeoutMs'] / 1000
        line, why = None, None
        try:
            write_all(self.stdin, request)
            line, why = self.read_line(deadline)
        except OSError:
            why = 'exited'
        duration = round((time.monotonic() - started) * 1000)
        if line is not None:
            try:
                answer = json.loads(line)
                return result(answer.get('records', []), duration, None, 0, None)
            except ValueError:
                why = 'exited'
        # Timed out or died on this sample: the sample's doing (a type-level bomb, say); a fresh service serves
        # the next one.
        status = self.reap_after_kill()
        limit = 'timeout' if why == 'timeout' else None
        oom_after = oom_kills()
        if limit is None and oom_before is not None and oom_after is not None and oom_after > oom_before:
            limit = 'memory'
        if limit is None and status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == 9:
            limit = 'memory'
        if limit is None and any(p in self.stderr for p in (b'heap out of memory', b'Allocation failed')):
            limit = 'memory'
        stderr = self.stderr.decode('utf-8', 'replace')[-STDERR_KEEP:]
        signal = signal_name(os.WTERMSIG(status)) if status is not None and os.WIFSIGNALED(status) else None
        code = os.WEXITSTATUS(status) if status is not None and os.WIFEXITED(status) else None
        # The next one starts loading now, while other jobs run, rather than when the next sample comes.
        self.start()
        return {**result([], duration, limit, code, signal), 'stderr': stderr}

    def reap_after_kill(self):
        pid = self.pid
        status = None
        kill_uid(SERVICE_UID)
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        self.pid = None
        for fd in (self.stdin, self.stdout, self.err):
            try:
                os.close(fd)
            except OSError:
                pass
        return status


def write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def result(records, duration, limit, exit_code, signal):
    return {
        'exitCode': exit_code, 'signal': signal, 'stdout': '', 'stderr': '', 'stdoutTruncated': False,
        'stderrTruncated': False, 'collected': {}, 'durationMs': duration, 'limit': limit,
        'timedOut': limit == 'timeout', 'healthy': True,
        'report': {'records': records, 'forged': 0, 'truncated': False},
    }
