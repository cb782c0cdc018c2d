// Nothing one job writes or starts reaches a later job in the same container, under each runtime: every
// directory a job can write to is found by walking the container as a job, and a marker left in each of them,
// in SysV IPC, in a POSIX message queue and in a detached process must be gone for the next job. gVisor adds
// writable places of its own (a /tmp unless one is mounted), shows no /proc/sysvipc and mounts no /dev/mqueue,
// so its half is the one this file exists for.
import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, test } from 'node:test';
import type Docker from 'dockerode';
import { createSandbox, type Sandbox, type SandboxJob } from '../../src/sandbox/index.ts';
import { requireDocker } from '../helpers/docker.ts';
import { forEachRuntime } from '../helpers/runtimes.ts';
import { ensureImages, ownContainers, testConfig, testLogger, waitIdle } from './fixtures.ts';

let docker: Docker;
let sandbox: Sandbox;

const py = (code: string): SandboxJob => ({ image: 'python', files: { 'main.py': code }, command: ['python3', 'main.py'], limits: { outputBytes: 1 << 20 } });

/** Where a job may write besides its work directory, per runtime: the shared-memory mounts the runner empties. */
const WRITABLE = { runc: ['/dev/mqueue', '/dev/shm'], runsc: ['/dev/shm'] };

// Every directory and regular file the job's uid can write, outside its work dir; /proc and /sys are the
// kernel's (per-process or read-only), walked only for /proc/self.
const FIND_WRITABLE = `
import json, os
wd = os.getcwd()
dirs, files = [], []
def walk(top):
    try:
        entries = list(os.scandir(top))
    except OSError:
        return
    for e in entries:
        if e.path in ('/proc', '/sys') or e.path.startswith(wd):
            continue
        try:
            if e.is_symlink():
                continue
            if e.is_dir():
                if os.access(e.path, os.W_OK):
                    probe = os.path.join(e.path, '.flywheel-probe')
                    try:
                        open(probe, 'w').close()
                        os.unlink(probe)
                        dirs.append(e.path)
                    except OSError:
                        pass
                walk(e.path)
            elif os.stat(e.path).st_mode & 0o170000 == 0o100000 and os.access(e.path, os.W_OK):
                files.append(e.path)
        except OSError:
            pass
walk('/')
mounts = [l.split()[1] for l in open('/proc/mounts') if 'rw' in l.split()[3].split(',')]
print(json.dumps({'dirs': sorted(dirs), 'files': sorted(files), 'rwMounts': sorted(mounts), 'wd': wd}))
`;

// A marker everywhere a job can leave one: a file in each writable directory, SysV objects of each kind, a POSIX
// message queue (where the sandbox offers them) and a detached process that would outlive the job.
const LEAVE = (dirs: string[]): string => `
import ctypes, ctypes.util, json, os, subprocess
libc = ctypes.CDLL(None, use_errno=True)
left = []
for d in ${JSON.stringify(dirs)} + [os.getcwd()]:
    open(os.path.join(d, 'flywheel-marker'), 'w').write('left')
    left.append(d)
IPC_CREAT = 0o1000
for kind, rc in (('shm', libc.shmget(0x5eed, 4096, IPC_CREAT | 0o666)), ('msg', libc.msgget(0x5eed, IPC_CREAT | 0o666)), ('sem', libc.semget(0x5eed, 1, IPC_CREAT | 0o666))):
    if rc >= 0:
        left.append(kind)
rt = ctypes.CDLL(ctypes.util.find_library('rt') or 'librt.so.1', use_errno=True)
mq = rt.mq_open(b'/flywheel-marker', os.O_CREAT | os.O_RDWR, 0o666, None)
if mq >= 0:
    left.append('mq')
subprocess.Popen(['sleep', '1000'], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
print(json.dumps({'left': left, 'mqErrno': 0 if mq >= 0 else ctypes.get_errno()}))
`;

const FIND = (dirs: string[], wd: string): string => `
import ctypes, ctypes.util, json, os
libc = ctypes.CDLL(None, use_errno=True)
found = [d for d in ${JSON.stringify([...dirs, wd])} if os.path.exists(os.path.join(d, 'flywheel-marker'))]
for kind, rc in (('shm', libc.shmget(0x5eed, 0, 0)), ('msg', libc.msgget(0x5eed, 0)), ('sem', libc.semget(0x5eed, 0, 0))):
    if rc >= 0:
        found.append(kind)
rt = ctypes.CDLL(ctypes.util.find_library('rt') or 'librt.so.1', use_errno=True)
if rt.mq_open(b'/flywheel-marker', os.O_RDONLY) >= 0:
    found.append('mq')
for p in os.listdir('/proc'):
    if p.isdigit():
        try:
            if open(f'/proc/{p}/cmdline', 'rb').read().startswith(b'sleep\\x001000'):
                found.append('process')
        except OSError:
            pass
print(json.dumps(found))
`;

before(async () => {
  docker = await requireDocker();
  await ensureImages(docker, ['python']);
});

after(async () => {
  if (docker) assert.deepEqual(await ownContainers(docker), []);
});

forEachRuntime((runtime) => {
  before(async () => {
    sandbox = await createSandbox({ config: testConfig({ SANDBOX_RUNTIME: runtime, SANDBOX_POOL_SIZE: '1' }), log: testLogger(), images: ['python'] });
    assert.equal(sandbox.runtime, runtime);
  });

  after(async () => {
    await sandbox?.close();
  });

  test(`the job runs on ${runtime === 'runsc' ? "gVisor's kernel" : "the host's kernel"}`, async () => {
    const result = await sandbox.run(py('import os\nprint(os.uname().release)'));
    assert.equal(result.exitCode, 0, result.stderr);
    // gVisor reports a fixed Linux release of its own.
    assert.equal(result.stdout.trim(), runtime === 'runsc' ? '4.4.0' : os.release());
  });

  test('a job can write nowhere but its work dir and the shared-memory mounts the runner empties', async () => {
    // Walking every directory takes gVisor several seconds.
    const result = await sandbox.run({ ...py(FIND_WRITABLE), limits: { outputBytes: 1 << 20, timeoutMs: 60000 } });
    assert.equal(result.exitCode, 0, result.stderr);
    const seen = JSON.parse(result.stdout) as { dirs: string[]; files: string[]; rwMounts: string[] };
    const why = `read-write mounts: ${seen.rwMounts.join(', ')}`;
    assert.deepEqual(seen.dirs, WRITABLE[runtime], why);
    assert.deepEqual(seen.files, [], why);
  });

  test('a marker a job leaves in each of them, in SysV IPC, in a message queue or in a process is gone for the next job', async () => {
    const first = await sandbox.run(py(LEAVE(WRITABLE[runtime])));
    assert.equal(first.exitCode, 0, first.stderr);
    const { left, mqErrno } = JSON.parse(first.stdout) as { left: string[]; mqErrno: number };
    // Each marker really was left: the test proves the clean-up, not a failed write.
    assert.deepEqual(left.filter((m) => !m.startsWith('/')), runtime === 'runsc' ? ['shm', 'msg', 'sem'] : ['shm', 'msg', 'sem', 'mq']);
    // gVisor mounts no /dev/mqueue to find queues in, so there jobs get none (ENOSYS).
    if (runtime === 'runsc') assert.equal(mqErrno, 38);
    const wd = left.find((m) => m.startsWith('/sandbox/')) ?? '';
    await waitIdle(sandbox);
    const second = await sandbox.run(py(FIND(WRITABLE[runtime], wd)));
    assert.equal(second.exitCode, 0, second.stderr);
    assert.deepEqual(JSON.parse(second.stdout), []);
  });
});
