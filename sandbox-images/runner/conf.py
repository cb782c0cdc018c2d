"""What the runner knows about its image (/opt/flywheel/image.json `runtime`), read once at start."""

import json

IMAGE_CONF = '/opt/flywheel/image.json'
SANDBOX = '/sandbox'
MIB = 1024 * 1024


def load():
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
        # The language's own CPU-time limit, under the runner's (PHP's max_execution_time).
        'timeoutPatterns': [p.encode() for p in runtime.get('timeoutPatterns', [])],
        # A fork server: jobs whose argv starts with `argv` run `main(rest)` of the preloaded `module`.
        'zygote': runtime.get('zygote'),
        # Resident processes that answer jobs whose argv starts with `argv` without running any sample code.
        'services': runtime.get('services', []),
        # Commands run once before the runner is ready, so the first job does not load the interpreter cold
        # (under gVisor each container has its own file cache, and a cold PHP start takes seconds).
        'warm': runtime.get('warm', []),
    }


CONF = load()


def job_env(wd):
    env = {'PATH': '/usr/local/bin:/usr/bin:/bin', 'HOME': wd, 'TMPDIR': wd, 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}
    env.update(CONF['env'])
    return env
