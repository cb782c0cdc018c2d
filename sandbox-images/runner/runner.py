"""In-container job runner of the flywheel sandbox.

One runner process serves a container for as long as the host keeps its exec open: it reads batches of jobs,
one JSON line each on stdin ({"jobs": [...]}, limits already resolved by the host), and runs the jobs of a
batch one after another. For each job it prints a line {"event": "result", "index": i, ...} once the job is
over and cleaned up (and {"event": "ready"} once, at start). Jobs run strictly in order, so the host knows job
i starts when result i - 1 arrives and arms its own deadline then. The runner exits at end of input, after a
runner fault ({"event": "error"}), and after a job it could not clean up after (result with "healthy": false):
the host then replaces the container. Keeping the runner alive spares each batch an exec and an interpreter
start-up, which cost more than a job.

The runner is root inside the container with only CAP_SETUID, CAP_SETGID, CAP_CHOWN and CAP_KILL. Every job
runs under a fresh random uid, so RLIMIT_NPROC (counted per uid by the kernel, across containers too) is the
job's own process budget, the job cannot signal the runner, and a leftover process of one job can never touch
the next one. When a job's main process ends, the runner kills every process of that uid from root (which no
job process can stop), then a helper running as that uid wipes what the job wrote.

Beside it, per image (image.json `runtime`): a zygote that forks harness jobs from a warm interpreter
(zygote.py), and resident services that answer jobs without running sample code (service.py). A job that
asks for it gets a verdict channel on fd 3 (channel.py).
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from conf import CONF, SANDBOX, job_env  # noqa: E402
from job import run_job  # noqa: E402
from process import Process  # noqa: E402
from procs import become  # noqa: E402
from service import Service, ServiceDown  # noqa: E402
from zygote import Zygote  # noqa: E402


def emit(obj):
    sys.stdout.buffer.write(json.dumps(obj, ensure_ascii=False).encode('utf-8', 'replace') + b'\n')
    sys.stdout.buffer.flush()


def next_process(job, spare, zygote):
    """The process for `job`: the spare if it fits, else a fresh one (the spare is then discarded)."""
    if spare is not None and spare.serves(job):
        return spare
    if spare is not None:
        spare.discard()
    return Process(job['command'], job['limits'], zygote, bool(job.get('channel')), job.get('stdin') is not None)


WARM_UID = (1 << 24) - 3  # below every job uid, beside the services' own


def warm(argv):
    """Runs a fixed command of the image's (not a job's) under a uid no job gets, output dropped."""
    pid = os.fork()
    if pid == 0:
        try:
            null = os.open('/dev/null', os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            become(WARM_UID)
            os.execvpe(argv[0], argv, job_env(SANDBOX))
        finally:
            os._exit(127)
    os.waitpid(pid, 0)


def main():
    os.umask(0o022)
    os.chmod(SANDBOX, 0o711)
    # Forked before any job is read, so the zygote's memory never held one.
    zygote = Zygote(CONF['zygote']) if CONF['zygote'] else None
    services = [Service(spec, lambda job: job['limits']) for spec in CONF['services']]
    for service in services:
        service.start()
    # Warm means the services too: a linter loading (seconds, under gVisor) is not charged to the first job.
    for service in services:
        service.wait_ready()
    for argv in CONF['warm']:
        warm(argv)
    emit({'event': 'ready'})
    spare = None
    try:
        for line in sys.stdin.buffer:
            if not line.strip():
                continue
            batch = json.loads(line)
            for index, job in enumerate(batch['jobs']):
                try:
                    service = next((s for s in services if s.handles(job['command'])), None)
                    if service:
                        result = service.run(job)
                    else:
                        proc = next_process(job, spare, zygote)
                        spare = None
                        result = run_job(job, proc)
                except (Exception, ServiceDown) as exc:  # a runner fault: report it and let the host replace the container
                    emit({'event': 'error', 'index': index, 'message': f'{type(exc).__name__}: {exc}'})
                    return 1
                emit(dict(result, event='result', index=index))
                if not result['healthy']:
                    return 0
                if not service and job.get('channel') and job.get('stdin') is None and spare is None:
                    # Ready for the next job of this kind before it arrives.
                    spare = Process(job['command'], job['limits'], zygote, True, False)
    finally:
        if spare is not None:
            spare.discard()
    return 0


if __name__ == '__main__':
    sys.exit(main())
