// The pool's lifecycle against the real engine: batching, queueing, recycling, replacing a stuck container,
// removing what a dead process left, and closing (also on SIGTERM).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type Docker from 'dockerode';
import { isFlywheelError } from '../../src/errors.ts';
import { startContainer } from '../../src/sandbox/container.ts';
import { describeImage } from '../../src/sandbox/images.ts';
import { chooseRuntime, createSandbox, listedRuntimes, type Sandbox, type SandboxJob, type SandboxResult } from '../../src/sandbox/index.ts';
import { requireDocker } from '../helpers/docker.ts';
import { ensureImages, ownContainers, strayProcesses, testConfig, testLogger, waitIdle } from './fixtures.ts';

let docker: Docker;

/** Runs `body` with a fresh sandbox and closes it afterwards, so each test sees only its own containers. */
async function withSandbox(settings: Record<string, string>, body: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = await createSandbox({ config: testConfig(settings), log: testLogger(), images: ['python'] });
  try {
    await body(sandbox);
  } finally {
    await sandbox.close();
  }
}

function py(code: string, extra: Partial<SandboxJob> = {}): SandboxJob {
  return { image: 'python', files: { 'main.py': code }, command: ['python3', 'main.py'], ...extra };
}

/** A job that reports which container (its hostname: the container's short id) and which runner process (its parent) ran it. */
function whereAmI(i: number, extra: Partial<SandboxJob> = {}): SandboxJob {
  const code = [
    'import json, os, sys',
    'container = open("/etc/hostname").read().strip()',
    `print(json.dumps({"i": ${i}, "container": container, "runner": os.getppid(), "cwd": os.getcwd()}), flush=True)`,
    ...(extra.files?.['tail.py'] ? ['exec(open("tail.py").read())'] : []),
  ].join('\n');
  return { image: 'python', files: { 'main.py': code, ...extra.files }, command: ['python3', 'main.py'], ...(extra.limits ? { limits: extra.limits } : {}) };
}

interface Where { i: number; container: string; runner: number; cwd: string }
function where(r: SandboxResult): Where {
  try {
    return JSON.parse(r.stdout.split('\n')[0] as string) as Where;
  } catch {
    throw new Error(`the job did not say where it ran: ${JSON.stringify({ ...r, stdout: r.stdout.slice(0, 300), stderr: r.stderr.slice(-500) })}`);
  }
}

before(async () => {
  docker = await requireDocker();
  await ensureImages(docker, ['python']);
});

after(async () => {
  if (docker) assert.deepEqual(await ownContainers(docker), []);
});

test('runMany runs several jobs per exec, each in its own directory with its own limits, results in input order', async () => {
  await withSandbox({ SANDBOX_POOL_SIZE: '1', SANDBOX_BATCH_SIZE: '3' }, async (sandbox) => {
    const jobs = Array.from({ length: 7 }, (_, i) => whereAmI(i));
    jobs[2] = whereAmI(2, { files: { 'tail.py': "print('z' * 500)" }, limits: { outputBytes: 200 } });
    jobs[4] = whereAmI(4, { files: { 'tail.py': 'import time\ntime.sleep(5)' }, limits: { timeoutMs: 700 } });
    const results = await sandbox.runMany(jobs);
    assert.deepEqual(results.map((r) => where(r).i), [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(new Set(results.map((r) => where(r).cwd)).size, 7, 'every job gets a fresh directory');
    // The job's parent is the runner, one process per exec: all 7 jobs (3 batches) went through one exec.
    assert.equal(new Set(results.map((r) => where(r).runner)).size, 1);
    assert.equal(results[2]?.stdoutTruncated, true);
    assert.equal(results[2]?.stdout.length, 200);
    assert.equal(results[4]?.limit, 'timeout');
    for (const i of [0, 1, 3, 5, 6]) {
      assert.equal(results[i]?.exitCode, 0);
      assert.equal(results[i]?.limit, null);
    }
    assert.equal(sandbox.stats().images.python?.jobs, 7);
  });
});

test('jobs spread over the pool, and a container runs one job at a time', async () => {
  await withSandbox({ SANDBOX_POOL_SIZE: '2', SANDBOX_BATCH_SIZE: '1' }, async (sandbox) => {
    const timing = 'import time\nstart = time.time()\ntime.sleep(0.3)\nprint(start, time.time())';
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => sandbox.run(whereAmI(i, { files: { 'tail.py': timing } }))));
    const runs = results.map((r) => {
      const [first, second] = r.stdout.trim().split('\n') as [string, string];
      const [start, end] = second.split(' ').map(Number) as [number, number];
      return { container: (JSON.parse(first) as Where).container, start, end };
    });
    const containers = new Set(runs.map((r) => r.container));
    assert.equal(containers.size, 2, 'both containers of the pool take work');
    for (const id of containers) {
      const mine = runs.filter((r) => r.container === id).sort((a, b) => a.start - b.start);
      for (let k = 1; k < mine.length; k++) {
        assert.ok((mine[k] as { start: number }).start >= (mine[k - 1] as { end: number }).end, 'two jobs overlapped in one container');
      }
    }
    const stats = sandbox.stats().images.python;
    assert.equal(stats?.size, 2);
    assert.ok((stats?.busy ?? 0) <= 2);
  });
});

test('a container is replaced after sandboxRecycleAfter jobs', async () => {
  await withSandbox({ SANDBOX_POOL_SIZE: '1', SANDBOX_BATCH_SIZE: '8', SANDBOX_RECYCLE_AFTER: '2' }, async (sandbox) => {
    const results = await sandbox.runMany(Array.from({ length: 5 }, (_, i) => whereAmI(i)));
    const ids = results.map((r) => where(r).container);
    const runners = results.map((r) => `${where(r).container}/${where(r).runner}`);
    assert.deepEqual(runners.map((r) => runners.indexOf(r)), [0, 0, 2, 2, 4], 'a new container brings a new runner');
    assert.equal(ids[0], ids[1]);
    assert.equal(ids[2], ids[3]);
    assert.notEqual(ids[1], ids[2]);
    assert.notEqual(ids[3], ids[4]);
    await waitIdle(sandbox);
    assert.equal(sandbox.stats().images.python?.replaced, 2);
    const left = await ownContainers(docker);
    assert.equal(left.length, 1, 'recycled containers are removed');
    assert.ok(left[0]?.Id.startsWith(ids[4] ?? '-'), `${left[0]?.Id} is not ${ids[4]}`);
  });
});

test("a container frozen past a job's deadline is killed and replaced, and the job ends as 'timeout'", async () => {
  await withSandbox({ SANDBOX_POOL_SIZE: '1' }, async (sandbox) => {
    const [before] = await ownContainers(docker);
    assert.ok(before);
    const pending = sandbox.run(py('import time\ntime.sleep(0.5)\nprint("done")', { limits: { timeoutMs: 1000 } }));
    await new Promise((resolve) => setTimeout(resolve, 250));
    // Frozen, the runner cannot enforce anything: only the host's own deadline can end the job.
    await docker.getContainer(before.Id).pause();
    const result = await pending;
    assert.equal(result.limit, 'timeout');
    assert.equal(result.timedOut, true);
    const next = await sandbox.run(py('print("after")'));
    assert.equal(next.stdout, 'after\n');
    await waitIdle(sandbox);
    const now = await ownContainers(docker);
    assert.equal(now.length, 1);
    assert.notEqual(now[0]?.Id, before.Id);
    assert.equal(sandbox.stats().images.python?.replaced, 1);
    assert.deepEqual(await strayProcesses(docker), []);
  });
});

test('on start, containers left by a dead process are removed and those of a live one are kept', async () => {
  const config = testConfig();
  const { tag } = await describeImage(docker, 'python');
  const dead = spawn('true');
  await once(dead, 'exit');
  const alive = spawn('sleep', ['60']);
  const owner = (pid: number | undefined): Record<string, string> => ({
    'flywheel.owner.host': os.hostname(),
    'flywheel.owner.pid': String(pid),
    'flywheel.owner.start': '',
  });
  const { runtime } = chooseRuntime(config.sandboxRuntime, await listedRuntimes(docker));
  const orphan = await startContainer(docker, config, { name: 'python', tag, owner: owner(dead.pid) }, runtime);
  const other = await startContainer(docker, config, { name: 'python', tag, owner: owner(alive.pid) }, runtime);
  try {
    await withSandbox({ SANDBOX_POOL_SIZE: '1' }, async () => undefined);
    const all = await docker.listContainers({ all: true, filters: { label: ['flywheel.sandbox=1'] } });
    const ids = all.map((c) => c.Id);
    assert.ok(!ids.includes(orphan.id), 'the dead owner\'s container is still there');
    assert.ok(ids.includes(other.id), 'the live owner\'s container was removed');
  } finally {
    alive.kill();
    await docker.getContainer(other.id).remove({ force: true });
    await docker.getContainer(orphan.id).remove({ force: true }).catch(() => undefined);
  }
});

test('close() removes every container, is idempotent, and refuses later jobs', async () => {
  const listeners = process.listenerCount('SIGTERM');
  const sandbox = await createSandbox({ config: testConfig({ SANDBOX_POOL_SIZE: '2' }), log: testLogger(), images: ['python'] });
  assert.equal(process.listenerCount('SIGTERM'), listeners + 1);
  assert.equal((await sandbox.run(py('print(1)'))).stdout, '1\n');
  assert.equal((await ownContainers(docker)).length, 2);
  await Promise.all([sandbox.close(), sandbox.close()]);
  await sandbox.close();
  assert.deepEqual(await ownContainers(docker), []);
  assert.equal(process.listenerCount('SIGTERM'), listeners);
  await assert.rejects(sandbox.run(py('print(1)')), (err) => isFlywheelError(err, 'FLY_SANDBOX_UNAVAILABLE'));
});

test('closing while jobs run or wait fails them as unavailable instead of leaving them hanging', async () => {
  const sandbox = await createSandbox({ config: testConfig({ SANDBOX_POOL_SIZE: '1', SANDBOX_BATCH_SIZE: '1' }), log: testLogger(), images: ['python'] });
  const settling = Promise.allSettled([0, 1, 2].map(() => sandbox.run(py('import time\ntime.sleep(3)'))));
  await new Promise((resolve) => setTimeout(resolve, 300));
  await sandbox.close();
  const settled = await settling;
  for (const s of settled) {
    assert.equal(s.status, 'rejected');
    assert.ok(isFlywheelError((s as PromiseRejectedResult).reason, 'FLY_SANDBOX_UNAVAILABLE'));
  }
  assert.deepEqual(await ownContainers(docker), []);
});

test('a job for an image the sandbox has no pool for is refused', async () => {
  await withSandbox({ SANDBOX_POOL_SIZE: '1' }, async (sandbox) => {
    await assert.rejects(sandbox.run({ image: 'cobol', files: {}, command: ['true'] }), (err) => isFlywheelError(err, 'FLY_SANDBOX_IMAGE_MISSING'));
    await assert.rejects(sandbox.run({ image: 'python', files: {}, command: [] }), (err) => isFlywheelError(err, 'FLY_BAD_REQUEST'));
  });
});

test('SIGTERM closes every sandbox of the process and the process still ends by the signal', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'signal-child.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const ownedByChild = (): Promise<Docker.ContainerInfo[]> =>
    docker.listContainers({ all: true, filters: { label: ['flywheel.sandbox=1', `flywheel.owner.pid=${child.pid}`] } });
  const until = Date.now() + 30000;
  while (!out.includes('ready') && Date.now() < until && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  assert.match(out, /ready/, 'the child never got its sandbox up');
  assert.equal((await ownedByChild()).length, 2);
  child.kill('SIGTERM');
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  assert.equal(signal, 'SIGTERM', `child exited with code ${code}`);
  assert.deepEqual(await ownedByChild(), []);
});
