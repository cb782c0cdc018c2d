// The runner's guarantees a verdict rests on, against the real engine: the verdict channel keeps only what the
// job's main process sent with its nonce; nothing of a job outlives its main process; a job cannot stall, crash
// or spoil the clean-up; every signal has a name; a spare process started ahead serves the next job and holds
// nothing of the last one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import { createSandbox, type Sandbox, type SandboxJob } from '../../src/sandbox/index.ts';
import { requireDocker } from '../helpers/docker.ts';
import { ensureImages, ownContainers, strayProcesses, testConfig, testLogger, waitIdle } from './fixtures.ts';

let docker: Docker;
let sandbox: Sandbox;

/** A Python job that reads its nonce from fd 3 first, as a harness does, then runs `body` with `nonce` set. */
function channelJob(body: string, extra: Partial<SandboxJob> = {}): SandboxJob {
  const code = ['import os, sys, json', 'nonce = os.read(3, 256)', 'def send(record, fd=3):', "    os.write(fd, nonce + b':' + json.dumps(record).encode())", body].join('\n');
  return { image: 'python', files: { 'main.py': code }, command: ['python3', 'main.py'], channel: true, ...extra };
}

before(async () => {
  docker = await requireDocker();
  await ensureImages(docker, ['python']);
  sandbox = await createSandbox({ config: testConfig({ SANDBOX_POOL_SIZE: '1', SANDBOX_BATCH_SIZE: '4' }), log: testLogger(), images: ['python'] });
});

after(async () => {
  await sandbox?.close();
  if (docker) assert.deepEqual(await ownContainers(docker), []);
});

describe('the verdict channel', () => {
  test('keeps the records the main process sent with its nonce, in order', async () => {
    const r = await sandbox.run(channelJob("send({'ev': 'start', 'case': 'a'})\nsend({'ev': 'done'})"));
    assert.deepEqual(r.report, { records: [{ ev: 'start', case: 'a' }, { ev: 'done' }], forged: 0, truncated: false });
  });

  test('counts as forged a record without the nonce, or from a child process, and keeps neither', async () => {
    const body = [
      "os.write(3, b'0000:' + json.dumps({'ev': 'done'}).encode())",
      'pid = os.fork()',
      'if pid == 0:',
      "    send({'ev': 'done', 'from': 'child'})",
      '    os._exit(0)',
      'os.waitpid(pid, 0)',
      "send({'ev': 'done', 'from': 'main'})",
    ].join('\n');
    const r = await sandbox.run(channelJob(body));
    assert.deepEqual(r.report?.records, [{ ev: 'done', from: 'main' }]);
    assert.equal(r.report?.forged, 2);
  });

  test('takes nothing from a process that outlives the main one: it is killed the moment the main one exits', async () => {
    const body = [
      'import time',
      'if os.fork() == 0:',
      '    os.setsid()',
      '    time.sleep(0.5)',
      "    send({'ev': 'late'})",
      "    open('late.txt', 'w').write('x')",
      '    os._exit(0)',
      "send({'ev': 'done'})",
    ].join('\n');
    const r = await sandbox.run(channelJob(body, { collect: ['late.txt'] }));
    assert.deepEqual(r.report?.records, [{ ev: 'done' }]);
    assert.deepEqual(r.collected, {});
  });

  test('keeps a report valid at any size: records past the cap are dropped and the report marked cut', async () => {
    const r = await sandbox.run(channelJob("for i in range(400):\n    send({'ev': 'finding', 'message': 'x' * 4000})"));
    assert.equal(r.report?.truncated, true);
    assert.ok((r.report?.records.length ?? 0) < 400 && (r.report?.records.length ?? 0) > 200);
  });
});

describe('clean-up a job cannot spoil', () => {
  test('a job that takes every permission off its directory leaves a healthy container and its own exit code', async () => {
    const code = "import os\nos.makedirs('a/b/c')\nopen('a/b/c/f', 'w').write('x')\nos.chmod('a/b/c', 0)\nos.chmod('a/b', 0)\nos.chmod('a', 0)\nos.chmod('.', 0)\nraise SystemExit(3)\n";
    const r = await sandbox.run({ image: 'python', files: { 'main.py': code }, command: ['python3', 'main.py'] });
    assert.equal(r.exitCode, 3);
    const stats = sandbox.stats().images.python;
    const next = await sandbox.run({ image: 'python', files: { 'main.py': 'print(1)' }, command: ['python3', 'main.py'] });
    assert.equal(next.stdout, '1\n');
    assert.equal(sandbox.stats().images.python?.replaced, stats?.replaced, 'the container was not replaced');
  });

  test('a leftover process that keeps stopping everything of its uid cannot stall the clean-up', async () => {
    // Once the main process is gone, the child stops every process of the uid it can: a clean-up helper running
    // as that uid would be stopped too (the collected file makes the runner start one).
    const code = [
      'import os, signal',
      "open('out.txt', 'w').write('kept')",
      'parent = os.getpid()',
      'if os.fork() == 0:',
      '    while os.getppid() == parent:',
      '        pass',
      '    while True:',
      '        try:',
      '            os.kill(-1, signal.SIGSTOP)',
      '        except OSError:',
      '            pass',
      'print("main done", flush=True)',
    ].join('\n');
    const before = sandbox.stats().images.python?.replaced;
    const r = await sandbox.run({ image: 'python', files: { 'main.py': code }, command: ['python3', 'main.py'], collect: ['out.txt'], limits: { timeoutMs: 5000 } });
    assert.equal(r.stdout, 'main done\n');
    assert.equal(r.limit, null);
    assert.deepEqual(r.collected, { 'out.txt': 'kept' });
    await waitIdle(sandbox);
    assert.deepEqual(await strayProcesses(docker), []);
    assert.equal(sandbox.stats().images.python?.replaced, before, 'the container stayed healthy');
  });

  test('a job killed by a real-time signal gets its name, not a crashed runner', async () => {
    const r = await sandbox.run({ image: 'python', files: { 'main.py': 'import os, signal\nos.kill(os.getpid(), signal.SIGRTMIN + 6)\n' }, command: ['python3', 'main.py'] });
    assert.equal(r.signal, 'SIGRTMIN+6');
    const next = await sandbox.run({ image: 'python', files: { 'main.py': 'print(2)' }, command: ['python3', 'main.py'] });
    assert.equal(next.stdout, '2\n');
  });
});

describe('spare processes', () => {
  test('a harness job after another of its kind runs in a process started ahead, with a fresh uid and nothing of the last job', async () => {
    const body = "send({'ev': 'uid', 'uid': os.getuid(), 'files': sorted(os.listdir('.')), 'cwd': os.getcwd()})\nopen('left.txt', 'w').write('x')";
    const [first, second] = await sandbox.runMany([channelJob(body), channelJob(body)]);
    const [a, b] = [first?.report?.records[0], second?.report?.records[0]] as { uid: number; files: string[]; cwd: string }[];
    assert.ok(a && b);
    assert.notEqual(a.uid, b.uid);
    assert.deepEqual(b.files, ['main.py']);
    assert.notEqual(a.cwd, b.cwd);
  });

  test("a job's directory is its own: its uid and its own group, no access for any other uid", async () => {
    const body = "st = os.stat('.')\nsend({'uid': os.getuid(), 'gid': os.getgid(), 'owner': st.st_uid, 'group': st.st_gid, 'mode': st.st_mode & 0o777})";
    const results = await sandbox.runMany([channelJob(body), channelJob(body), channelJob(body)]);
    for (const result of results) {
      const seen = result.report?.records[0] as { uid: number; gid: number; owner: number; group: number; mode: number } | undefined;
      assert.ok(seen, `no record: exit ${result.exitCode}: ${result.stderr}`);
      assert.equal(seen.owner, seen.uid);
      assert.equal(seen.group, seen.gid);
      assert.equal(seen.gid, seen.uid);
      assert.equal(seen.mode & 0o007, 0, `mode ${seen.mode.toString(8)}`);
    }
  });

  test('harness jobs back to back each start in their directory, the spare of one serving the next', async () => {
    const body = "send({'cwd': os.getcwd(), 'files': sorted(os.listdir('.'))})";
    const results = await sandbox.runMany(Array.from({ length: 24 }, () => channelJob(body)));
    for (const result of results) {
      assert.equal(result.exitCode, 0, `exit ${result.exitCode}, limit ${result.limit}: ${result.stderr}`);
      assert.deepEqual((result.report?.records[0] as { files: string[] } | undefined)?.files, ['main.py']);
    }
  });
});
