"""The fork server: a process per container that has the harness and its linters loaded and forks a fresh
child for each job, so a job does not pay an interpreter start-up and the imports of the harness.

It is forked from the runner before the runner reads any job, loads the harness module named in image.json
(`runtime.zygote`), and then only ever receives, per job, the argv after the harness path, the job's uid, its
work directory and limits, and the job's standard streams and verdict channel as file descriptors. It never
sees a job's files and never runs sample code itself: the child it forks drops to the job's uid, takes the
streams, closes everything else and calls the harness's `main(argv)`. Jobs whose argv does not start with the
zygote's run by exec as before.
"""

import array
import gc
import importlib.util
import io
import marshal
import os
import select
import signal
import socket
import sys
import traceback
import types

from conf import SANDBOX, job_env
from procs import become, default_signals, lower_priority, set_limits

MAX_MESSAGE = 65536
# A request that is not a marshalled job (marshal never starts with a NUL): reap the job's process, pid after it.
RELEASE = b'\0'
STREAM_FDS = 4
RUNNER_MODULES = ('runner', 'conf', 'procs', 'job', 'process', 'channel', 'zygote', 'service', 'sweep')


class Zygote:
    """The runner's handle on its fork server."""

    def __init__(self, spec):
        self.prefix = list(spec['argv'])
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:
            ours.close()
            code = 1
            try:
                serve(theirs, spec)
            except BaseException:  # noqa: BLE001 - the runner sees the control socket close and reports it
                traceback.print_exc()
            os._exit(code)
        theirs.close()
        self.sock = ours
        self.pid = pid
        self.exits = {}
        message = self.receive()
        if not message or not message.get('ready'):
            raise RuntimeError(f'the zygote did not start: {message}')

    def handles(self, command):
        return command[:len(self.prefix)] == self.prefix

    def fileno(self):
        return self.sock.fileno()

    def spawn(self, command, uid, wd, limits, env, fds):
        # marshal, not JSON: the child decodes it, and marshal's decoder is C alone (see serve).
        request = marshal.dumps({'argv': command[len(self.prefix):], 'uid': uid, 'wd': wd, 'limits': limits, 'env': env})
        self.sock.sendmsg([request], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array('i', fds))])
        while True:
            message = self.read()
            if 'pid' in message:
                return message['pid']
            if 'error' in message:
                raise RuntimeError(f'the zygote could not fork: {message["error"]}')

    def receive(self):
        """The zygote's next message as a dict; None at end of input. Its messages are short texts, not JSON:
        `r` (ready), `p<pid>`, `x<pid> <status>` (ended, not yet reaped), `e<error>` (see serve)."""
        data = self.sock.recv(MAX_MESSAGE)
        if not data:
            return None
        kind, body = data[:1], data[1:].decode('utf-8', 'replace')
        if kind == b'p':
            return {'pid': int(body)}
        if kind == b'x':
            pid, status = body.split(' ')
            return {'exit': int(pid), 'status': int(status)}
        if kind == b'r':
            return {'ready': True}
        return {'error': body}

    def read(self):
        """The next message; exit reports are also kept in `exits`."""
        message = self.receive()
        if message is None:
            raise RuntimeError('the zygote exited')
        if 'exit' in message:
            self.exits[message['exit']] = message['status']
        return message

    def poll_exit(self, pid):
        """The exit status of `pid` if the zygote has reported it (reading what is waiting, not blocking)."""
        self.sock.setblocking(False)
        try:
            while pid not in self.exits:
                try:
                    self.read()
                except BlockingIOError:
                    break
        finally:
            self.sock.setblocking(True)
        return self.exits.pop(pid, None)

    def wait_exit(self, pid):
        while pid not in self.exits:
            self.read()
        return self.exits.pop(pid)

    def release(self, pid):
        """Lets the zygote reap `pid`, whose end it reported."""
        self.sock.send(RELEASE + str(pid).encode())


def load_module(path):
    spec = importlib.util.spec_from_file_location('flywheel_harness', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def serve(sock, spec):
    null = os.open('/dev/null', os.O_RDWR)
    # The runner's stdin carries the batches and its stdout the results: neither is the zygote's to touch.
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    # The jobs' environment but for what names the job's directory, so that a child changes two variables.
    os.environ.clear()
    os.environ.update(job_env(SANDBOX))
    # The runner runs without site (-S); the harness needs the system's packages (pyflakes).
    import site
    site.main()
    module = load_module(spec['module'])
    if hasattr(module, 'preload'):
        module.preload()
    # What is loaded now is never collected in a child: its garbage collector does not walk (and so copy) the
    # zygote's pages.
    gc.freeze()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    os.set_blocking(wake_r, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    # The loop between forks stays small on purpose: every page the zygote writes while a child shares it is
    # copied, once per fork. So the request is parsed by the child, not here, and answers are short texts.
    sock.send(b'r')
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    poller.register(wake_r, select.POLLIN)
    control = sock.fileno()
    children = set()
    while True:
        for fd, _ in poller.poll():
            if fd != control:
                try:
                    while os.read(wake_r, 4096):
                        pass
                except BlockingIOError:
                    pass
                reap(sock, children)
                continue
            request, fds = receive_raw(sock)
            if request is None:
                return
            if request[:1] == RELEASE:
                try:
                    os.waitpid(int(request[1:]), 0)
                except (ChildProcessError, ValueError):
                    pass
                continue
            try:
                pid = os.fork()
            except OSError as exc:
                for fd in fds:
                    os.close(fd)
                sock.send(b'e' + str(exc).encode())
                continue
            if pid == 0:
                child(request, fds, module, spec)
            for fd in fds:
                os.close(fd)
            children.add(pid)
            sock.send(b'p%d' % pid)
        reap(sock, children)


def receive_raw(sock):
    """(request bytes, fds); (None, []) at end of input."""
    fds = array.array('i')
    data, ancdata, _, _ = sock.recvmsg(MAX_MESSAGE, socket.CMSG_SPACE(STREAM_FDS * fds.itemsize))
    for level, kind, payload in ancdata:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[:len(payload) - len(payload) % fds.itemsize])
    if not data:
        for fd in fds:
            os.close(fd)
        return None, []
    return data, list(fds)


def reap(sock, children):
    """Reports each child that ended, leaving it a zombie until the runner releases it (see Exited.close)."""
    for pid in list(children):
        status = exit_status(pid, block=False)
        if status is not None:
            children.discard(pid)
            sock.send(b'x%d %d' % (pid, status))


def exit_status(pid, block):
    """waitpid's status of `pid` once it ended, without reaping it (WNOWAIT); None while it runs. Kept a zombie,
    its pid still names it to the kernel: gVisor stamps a datagram with its sender's pid when it is read, and a
    reaped sender reads as pid 0, so the runner reads the verdict channel before it lets the job's process go."""
    info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT | (0 if block else os.WNOHANG))
    if info is None:
        return None
    if info.si_code == os.CLD_EXITED:
        return (info.si_status & 0xFF) << 8
    return (info.si_status & 0x7F) | (0x80 if info.si_code == os.CLD_DUMPED else 0)


def child(request, fds, module, spec):
    """The job: never returns. `request`: the runner's, marshalled, as it came."""
    code = 126
    # Until the job's streams are in place a failure would go to the zygote's stderr, which nobody reads per
    # job: it is written to the job's stderr descriptor instead, so the result names it.
    err_fd = fds[2] if len(fds) > 2 else 2
    try:
        request = marshal.loads(request)
        signal.set_wakeup_fd(-1)
        default_signals()
        os.setsid()
        lower_priority()
        become(request['uid'])
        os.umask(0o022)
        os.chdir(request['wd'])
        set_limits(request['limits'])
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        err_fd = 2
        # The control socket, the wake-up pipe and anything else of the zygote's: the job keeps its four.
        os.closerange(STREAM_FDS, os.sysconf('SC_OPEN_MAX'))
        # The zygote's environment is already the jobs' but for what names the job's directory.
        for key in [k for k in os.environ if k not in request['env']]:
            del os.environ[key]
        for key, value in request['env'].items():
            if os.environ.get(key) != value:
                os.environ[key] = value
        sys.argv = [spec['module']] + request['argv']
        # The job sees a fresh interpreter's module table, not the runner's.
        for name in RUNNER_MODULES:
            sys.modules.pop(name, None)
        sys.modules['__main__'] = types.ModuleType('__main__')
        here = os.path.dirname(os.path.abspath(__file__))
        sys.path[:] = [p for p in sys.path if p != here]
        sys.stdin = sys.__stdin__ = io.TextIOWrapper(io.FileIO(0, 'r', closefd=False), encoding='utf-8')
        sys.stdout = sys.__stdout__ = io.TextIOWrapper(io.FileIO(1, 'w', closefd=False), encoding='utf-8', errors='backslashreplace', write_through=True)
        sys.stderr = sys.__stderr__ = io.TextIOWrapper(io.FileIO(2, 'w', closefd=False), encoding='utf-8', errors='backslashreplace', write_through=True)
        # (random reseeds itself in every child: its own at-fork hook.)
        code = module.main(request['argv'])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - reported on the job's stderr, and the job ends with 126
        try:
            # Through the descriptor, not sys.stderr: the sample may have replaced that object.
            started = 'the job ended on an exception' if err_fd == 2 else 'the job could not start'
            os.write(err_fd, f'sandbox: {started}: {traceback.format_exc()}'.encode('utf-8', 'backslashreplace'))
        except BaseException:  # noqa: BLE001
            pass
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:  # noqa: BLE001
            pass
        os._exit(code if isinstance(code, int) and 0 <= code < 256 else 1)
