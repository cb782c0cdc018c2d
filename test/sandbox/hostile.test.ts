// Hostile programs against the real sandbox (python image, one warm container, so every follow-up job lands
// in the container the hostile one ran in), under each runtime (runc and gVisor). Each case must end with a
// result naming the limit, within a generous time bound, leave nothing running, and leave the pool able to run
// the next job.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { isFlywheelError } from '../../src/errors.ts';
import { createSandbox, type JobLimits, type Sandbox, type SandboxJob, type SandboxResult } from '../../src/sandbox/index.ts';
import { requireDocker } from '../helpers/docker.ts';
import { forEachRuntime } from '../helpers/runtimes.ts';
import { ensureImages, ownContainers, strayProcesses, testConfig, testLogger, waitIdle } from './fixtures.ts';

const SECRET = `flywheel-secret-${randomBytes(12).toString('hex')}`;
process.env.FLYWHEEL_TEST_SECRET = SECRET;

let docker: Docker;
let sandbox: Sandbox;

function py(code: string, extra: Partial<SandboxJob> & { limits?: Partial<JobLimits> } = {}): SandboxJob {
  return { image: 'python', files: { 'main.py': code }, command: ['python3', 'main.py'], ...extra };
}

/** docker0's IPv4 address, read from the host's interfaces. */
async function bridgeAddress(): Promise<string | undefined> {
  const listed = os.networkInterfaces().docker0?.find((a) => a.family === 'IPv4')?.address;
  if (listed) return listed;
  // Node lists only interfaces that are up and running, and docker0 has no carrier while no container is on it.
  const { stdout } = await promisify(execFile)('ip', ['-4', '-o', 'addr', 'show', 'dev', 'docker0']).catch(() => ({ stdout: '' }));
  return /\binet (\d+\.\d+\.\d+\.\d+)/.exec(stdout)?.[1];
}

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function timed(job: SandboxJob): Promise<{ result: SandboxResult; seconds: number }> {
  const start = Date.now();
  const result = await sandbox.run(job);
  return { result, seconds: (Date.now() - start) / 1000 };
}

/** The pool is back to one idle container with nothing else running in it, and runs a plain job fine. */
async function assertPoolHealthy(): Promise<void> {
  const next = await sandbox.run(py('print(6 * 7)'));
  assert.equal(next.exitCode, 0, `the next job failed: ${next.stderr}`);
  assert.equal(next.stdout, '42\n');
  assert.equal(next.limit, null);
  await waitIdle(sandbox);
  assert.deepEqual(await strayProcesses(docker), []);
  const containers = await ownContainers(docker);
  assert.equal(containers.length, 1, `expected the pool's one container, found ${containers.length}`);
}

before(async () => {
  docker = await requireDocker();
  await ensureImages(docker, ['python']);
});

// One sandbox per runtime, opened by its half's first hook: `sandbox` is the current half's.
forEachRuntime((runtime) => {
  before(async () => {
    sandbox = await createSandbox({ config: testConfig({ SANDBOX_RUNTIME: runtime, SANDBOX_BATCH_SIZE: '4', SANDBOX_MEMORY_MB: '512' }), log: testLogger(), images: ['python'] });
    assert.equal(sandbox.runtime, runtime);
  });

  after(async () => {
    await sandbox?.close();
    if (docker) assert.deepEqual(await ownContainers(docker), []);
  });

  describe('resource exhaustion', () => {
    // Under gVisor (its ptrace platform) a fork bomb held at its RLIMIT_NPROC spends the sandbox's CPU in failing
    // forks, and gVisor gives the runner no priority over it: the runner may not get to name 'pids' before the
    // host's deadline (the job's limit + 5 s) ends the job as 'timeout' and replaces the container. Either is a
    // fail with nothing left behind; under runc it is always 'pids', quickly.
    // Under gVisor each task of the bomb also costs the sandbox's own memory, so the container's memory limit may
    // take the whole sandbox before the bomb meets its process limit: 'memory', named from the container's OOM mark.
    const bombLimits = runtime === 'runsc' ? ['pids', 'timeout', 'memory'] : ['pids'];
    const bombSeconds = (timeoutMs: number): number => (runtime === 'runsc' ? timeoutMs / 1000 + 10 : 15);

    test("a fork bomb ends as 'pids', not as a hung worker", async () => {
      const { result, seconds } = await timed(py('import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n', { limits: { pids: 64, timeoutMs: 20000 } }));
      assert.ok(bombLimits.includes(result.limit ?? ''), `ended as ${String(result.limit)}`);
      assert.ok(seconds < bombSeconds(20000), `took ${seconds}s`);
      await assertPoolHealthy();
    });

    test("a shell fork bomb with the default process limit ends as 'pids'", async () => {
      // The main shell stays alive while the bomb grows: when a job's main process ends, the runner kills the rest at once.
      const { result, seconds } = await timed({ image: 'python', files: {}, command: ['sh', '-c', 'f() { f | f & }; f; sleep 10'], limits: { timeoutMs: 20000 } });
      assert.ok(bombLimits.includes(result.limit ?? ''), `ended as ${String(result.limit)}`);
      assert.ok(seconds < bombSeconds(20000), `took ${seconds}s`);
      await assertPoolHealthy();
    });

    test("a memory bomb ends as 'memory' (MemoryError under the job's limit)", async () => {
      const { result, seconds } = await timed(py('x = []\nwhile True:\n    x.append(bytearray(10 ** 7))\n', { limits: { memoryMb: 200 } }));
      assert.equal(result.limit, 'memory');
      assert.match(result.stderr, /MemoryError/);
      assert.ok(seconds < 10, `took ${seconds}s`);
      await assertPoolHealthy();
    });

    test("processes that together pass the container's memory end as 'memory' (OOM killer), not as a dead runner", async () => {
      // Each child stays under the per-process limit; together they pass the container's 512 MiB.
      const code = [
        'import os, sys, time',
        'kids = []',
        'for _ in range(3):',
        '    pid = os.fork()',
        '    if pid == 0:',
        "        block = b'x' * (250 * 1024 * 1024)",  // written, so it is really resident
        '        time.sleep(30)',
        '        os._exit(0)',
        '    kids.append(pid)',
        'codes = [os.waitpid(k, 0)[1] for k in kids]',
        'sys.exit(0 if all(c == 0 for c in codes) else 1)',
      ].join('\n');
      const { result, seconds } = await timed(py(code, { limits: { timeoutMs: 40000, memoryMb: 300 } }));
      assert.equal(result.limit, 'memory');
      assert.ok(seconds < 15, `took ${seconds}s`);
      await assertPoolHealthy();
    });

    test("a storm of forked processes that fill the container's memory at once ends as a limit, not as a failed sandbox", async () => {
      // Too fast for the runner's own watch: the container's memory limit takes it (under gVisor the whole
      // sandbox, whose runner's exec then reports 128, not 137).
      const code = [
        'import os, time',
        'for _ in range(60):',
        '    if os.fork() == 0:',
        "        block = b'x' * (16 * 1024 * 1024)",
        '        time.sleep(30)',
        '        os._exit(0)',
        'time.sleep(30)',
      ].join('\n');
      const { result } = await timed(py(code, { limits: { timeoutMs: 20000, memoryMb: 300 } }));
      assert.ok(result.limit === 'memory' || result.limit === 'timeout', `ended as ${String(result.limit)}`);
      await assertPoolHealthy();
    });

    test("an infinite loop ends as 'timeout' at its wall-clock limit", async () => {
      const { result, seconds } = await timed(py('while True:\n    pass\n', { limits: { timeoutMs: 1500 } }));
      assert.equal(result.limit, 'timeout');
      assert.equal(result.timedOut, true);
      assert.equal(result.exitCode, null);
      assert.equal(result.signal, 'SIGKILL');
      assert.ok(result.durationMs >= 1400, `ended after ${result.durationMs} ms`);
      assert.ok(seconds < 8, `took ${seconds}s`);
      await assertPoolHealthy();
    });

    test("a sleeping loop ends as 'timeout' on the wall clock, though it uses no CPU", async () => {
      const { result, seconds } = await timed(py('import time\nwhile True:\n    time.sleep(0.05)\n', { limits: { timeoutMs: 1500 } }));
      assert.equal(result.limit, 'timeout');
      assert.equal(result.timedOut, true);
      assert.ok(seconds < 8, `took ${seconds}s`);
      await assertPoolHealthy();
    });

    test("1 GB of stdout ends quickly as 'output', keeping exactly the cap", async () => {
      const code = "import sys\nchunk = 'x' * 1048576\nfor _ in range(1024):\n    sys.stdout.write(chunk)\n";
      const { result, seconds } = await timed(py(code, { limits: { outputBytes: 4096, timeoutMs: 60000 } }));
      assert.equal(result.limit, 'output');
      assert.equal(result.stdoutTruncated, true);
      assert.equal(result.stdout.length, 4096);
      assert.ok(seconds < 10, `took ${seconds}s`);
      await assertPoolHealthy();
    });

    test('output under the kill threshold is cut to the cap and marked, without naming a limit', async () => {
      const result = await sandbox.run(py("import sys\nprint('y' * 5000)\nprint('e' * 3000, file=sys.stderr)\n", { limits: { outputBytes: 1024 } }));
      assert.equal(result.exitCode, 0);
      assert.equal(result.limit, null);
      assert.equal(result.stdout, 'y'.repeat(1024));
      assert.equal(result.stdoutTruncated, true);
      assert.equal(result.stderr.length, 1024);
      assert.equal(result.stderrTruncated, true);
      await assertPoolHealthy();
    });

    test("filling the work dir with one big file ends as 'disk'", async () => {
      const { result, seconds } = await timed(py("with open('big', 'wb') as f:\n    while True:\n        f.write(b'x' * 1048576)\n", { limits: { diskMb: 16 } }));
      assert.equal(result.limit, 'disk');
      assert.ok(seconds < 10, `took ${seconds}s`);
      await assertPoolHealthy();
    });

    test("filling the work dir with many files ends as 'disk'", async () => {
      const code = "i = 0\nwhile True:\n    with open(f'f{i}', 'wb') as f:\n        f.write(b'x' * 262144)\n    i += 1\n";
      const { result, seconds } = await timed(py(code, { limits: { diskMb: 16 } }));
      assert.equal(result.limit, 'disk');
      assert.ok(seconds < 10, `took ${seconds}s`);
      await assertPoolHealthy();
    });
  });

  describe('isolation', () => {
    test('the job has no network: loopback only, no name lookups, and a listener on the Docker bridge never sees it', async () => {
      const bridge = await bridgeAddress();
      assert.ok(bridge, 'docker0 has no IPv4 address on this host: the test needs the Docker bridge to listen on');
      let connections = 0;
      const server = net.createServer((socket) => {
        connections += 1;
        socket.destroy();
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, bridge, resolve);
      });
      const port = (server.address() as net.AddressInfo).port;
      try {
        // The listener works: the host itself gets through.
        await new Promise<void>((resolve, reject) => net.connect(port, bridge).once('connect', resolve).once('error', reject));
        await waitFor(() => connections === 1);
        connections = 0;
        const code = [
          'import json, socket',
          'out = {"ifaces": sorted(n for _, n in socket.if_nameindex())}',
          'try:',
          '    socket.getaddrinfo("deb.debian.org", 80)',
          '    out["dns"] = "resolved"',
          'except OSError as e:',
          '    out["dns"] = "failed"',
          's = socket.socket()',
          's.settimeout(3)',
          'try:',
          `    s.connect((${JSON.stringify(bridge)}, ${port}))`,
          '    out["tcp"] = "connected"',
          'except OSError as e:',
          '    out["tcp"] = "failed: " + str(e)',
          'print(json.dumps(out))',
        ].join('\n');
        const result = await sandbox.run(py(code));
        assert.equal(result.exitCode, 0, result.stderr);
        const seen = JSON.parse(result.stdout) as { ifaces: string[]; dns: string; tcp: string };
        assert.deepEqual(seen.ifaces, ['lo']);
        assert.equal(seen.dns, 'failed');
        assert.match(seen.tcp, /^failed/);
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(connections, 0);
      } finally {
        server.close();
      }
      await assertPoolHealthy();
    });

    test("the job sees neither the host's environment nor its files", async () => {
      const hostFile = path.join(os.tmpdir(), `flywheel-host-file-${process.pid}`);
      await writeFile(hostFile, SECRET);
      try {
        const code = [
          'import glob, json, os',
          'environs = []',
          'for p in glob.glob("/proc/[0-9]*/environ"):',
          '    try:',
          '        environs.append(open(p, "rb").read().decode("utf-8", "replace"))',
          '    except OSError:',
          '        pass',
          'print(json.dumps({',
          '    "env": dict(os.environ), "environs": environs,',
          '    "hostname": open("/etc/hostname").read().strip(),',
          `    "hostFile": os.path.exists(${JSON.stringify(hostFile)}),`,
          '    "pid1": open("/proc/1/cmdline", "rb").read().decode().replace("\\0", " "),',
          '}))',
        ].join('\n');
        const result = await sandbox.run(py(code));
        assert.equal(result.exitCode, 0, result.stderr);
        assert.ok(!result.stdout.includes(SECRET), 'the secret of the test process leaked into the job');
        const seen = JSON.parse(result.stdout) as { env: Record<string, string>; hostname: string; hostFile: boolean; pid1: string };
        assert.equal(seen.env.FLYWHEEL_TEST_SECRET, undefined);
        assert.notEqual(seen.hostname, os.hostname());
        assert.equal(seen.hostFile, false);
        assert.match(seen.pid1, /docker-init/, 'the job should see the container, not the host, as its process tree');
      } finally {
        await rm(hostFile, { force: true });
      }
      await assertPoolHealthy();
    });

    test('a background process that outlives its job is killed, and the next job does not see it', async () => {
      const code = [
        'import os, subprocess, time',
        "subprocess.Popen(['sleep', '1000'], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)",
        'if os.fork() == 0:',
        '    os.setsid()',
        '    if os.fork() == 0:',
        '        while True:',
        '            time.sleep(1)',
        '    os._exit(0)',
        "print('left behind')",
      ].join('\n');
      const first = await sandbox.run(py(code));
      assert.equal(first.exitCode, 0, first.stderr);
      await waitIdle(sandbox);
      assert.deepEqual(await strayProcesses(docker), []);
      const look = [
        'import os',
        'for pid in os.listdir("/proc"):',
        '    if pid.isdigit() and int(pid) != os.getpid():',
        '        try:',
        '            print(open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\\0", b" ").decode())',
        '        except OSError:',
        '            pass',
      ].join('\n');
      const second = await sandbox.run(py(look));
      assert.equal(second.exitCode, 0, second.stderr);
      assert.doesNotMatch(second.stdout, /sleep 1000/);
      assert.doesNotMatch(second.stdout, /main\.py/);
      await assertPoolHealthy();
    });

    test('a file written by one job is gone when the next job looks for it', async () => {
      const write = [
        'import os',
        "open('left.txt', 'w').write('secret')",
        "open('/dev/shm/left', 'w').write('secret')",
        'for p in ("/tmp/left", "/sandbox/left", "/left"):',
        '    try:',
        "        open(p, 'w').write('secret')",
        '        print("wrote", p)',
        '    except OSError:',
        '        pass',
        'print(os.getcwd())',
      ].join('\n');
      const first = await sandbox.run(py(write));
      assert.equal(first.exitCode, 0, first.stderr);
      const dir = first.stdout.trim();
      assert.doesNotMatch(dir, /wrote/, 'only the work dir and /dev/shm should be writable');
      const read = [
        'import json, os',
        `paths = [${JSON.stringify(`${dir}/left.txt`)}, "/dev/shm/left", "/tmp/left", "/sandbox/left"]`,
        'print(json.dumps({"found": [p for p in paths if os.path.exists(p)], "here": sorted(os.listdir("."))}))',
      ].join('\n');
      const second = await sandbox.run({ image: 'python', files: { 'read.py': read }, command: ['python3', 'read.py'] });
      assert.equal(second.exitCode, 0, second.stderr);
      assert.deepEqual(JSON.parse(second.stdout), { found: [], here: ['read.py'] });
      await assertPoolHealthy();
    });

    test('kill -9 -1 from a job kills neither the runner nor the other jobs of its batch', async () => {
      const report = py('import os\nprint(os.getppid())\n');
      const results = await sandbox.runMany([
        report,
        // (gVisor answers ESRCH where no process of the uid but the caller is left to signal; Linux does not.)
      py('import os, signal\ntry:\n    os.kill(-1, signal.SIGKILL)\nexcept ProcessLookupError:\n    pass\nprint("still here")\n'),
        { image: 'python', files: {}, command: ['sh', '-c', 'kill -9 -1; echo done'] },
        report,
      ]);
      assert.equal(results.length, 4);
      const [before, killer, shell, afterwards] = results as [SandboxResult, SandboxResult, SandboxResult, SandboxResult];
      assert.equal(before.exitCode, 0);
      assert.equal(killer.stdout, 'still here\n');
      assert.equal(shell.stdout, 'done\n');
      assert.equal(afterwards.exitCode, 0);
      // Same parent before and after: the runner that ran the batch survived it.
      assert.equal(afterwards.stdout, before.stdout);
      await assertPoolHealthy();
    });

    test('a symlink pointing out of the work dir reaches nothing outside it', async () => {
      const code = [
        'import os',
        "os.symlink('/etc/passwd', 'passwd-link')",
        "os.symlink('/', 'root-link')",
        "os.symlink('/opt/flywheel/runner/runner.py', 'runner-link')",
        "os.symlink('..', 'up')",
        "open('inside.txt', 'w').write('inside')",
        "os.symlink('inside.txt', 'inside-link')",
      ].join('\n');
      const result = await sandbox.run(py(code, { collect: ['passwd-link', 'root-link/etc/hostname', 'runner-link', 'up/main.py', 'inside.txt', 'inside-link'] }));
      assert.equal(result.exitCode, 0, result.stderr);
      assert.deepEqual(result.collected, { 'inside.txt': 'inside', 'inside-link': 'inside' });
      for (const files of [{ '../escape.py': 'x' }, { '/etc/escape.py': 'x' }, { 'a/../../escape.py': 'x' }]) {
        await assert.rejects(sandbox.run({ image: 'python', files, command: ['true'] }), (err) => isFlywheelError(err, 'FLY_BAD_REQUEST'));
      }
      await assert.rejects(sandbox.run(py('pass', { collect: ['../x'] })), (err) => isFlywheelError(err, 'FLY_BAD_REQUEST'));
      await assertPoolHealthy();
    });

    test('the job runs as an unprivileged user with no capabilities and cannot gain any', async () => {
      const code = [
        'import ctypes, json, os',
        'status = open("/proc/self/status").read()',
        'caps = {l.split(":")[0]: l.split()[1] for l in status.splitlines() if l.startswith("Cap")}',
        // PR_GET_NO_NEW_PRIVS: gVisor's /proc/self/status has no NoNewPrivs line.
        'nnp = str(ctypes.CDLL(None).prctl(39, 0, 0, 0, 0))',
        'setuid_files = []',
        'for root, dirs, files in os.walk("/usr"):',
        '    for f in files:',
        '        p = os.path.join(root, f)',
        '        try:',
        '            if os.lstat(p).st_mode & 0o6000:',
        '                setuid_files.append(p)',
        '        except OSError:',
        '            pass',
        'print(json.dumps({"uid": os.getuid(), "caps": caps, "nnp": nnp, "setuid": setuid_files, "sudo": os.path.exists("/usr/bin/sudo")}))',
      ].join('\n');
      const result = await sandbox.run(py(code));
      assert.equal(result.exitCode, 0, result.stderr);
      const seen = JSON.parse(result.stdout) as { uid: number; caps: Record<string, string>; nnp: string; setuid: string[]; sudo: boolean };
      assert.notEqual(seen.uid, 0);
      assert.equal(seen.caps.CapEff, '0000000000000000');
      assert.equal(seen.caps.CapPrm, '0000000000000000');
      assert.equal(seen.nnp, '1');
      assert.deepEqual(seen.setuid, []);
      assert.equal(seen.sudo, false);
      await assertPoolHealthy();
    });
  });
});
