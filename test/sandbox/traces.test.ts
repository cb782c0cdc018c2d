// The sandbox under gVisor (runsc), as CI registers it with Docker: the same guarantee of no trace between jobs
// as under runc, though gVisor adds a writable /tmp of its own to every container unless one is mounted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import { createSandbox, type Sandbox, type SandboxJob } from '../../src/sandbox/index.ts';
import { requireDocker } from '../helpers/docker.ts';
import { ensureImages, ownContainers, testConfig, testLogger } from './fixtures.ts';

let docker: Docker;
let sandbox: Sandbox;

const py = (code: string): SandboxJob => ({ image: 'python', files: { 'main.py': code }, command: ['python3', 'main.py'] });
const PLACES = ['/tmp/left', '/var/tmp/left', '/dev/shm/left', '/sandbox/left', '/left', '/run/left'];

before(async () => {
  docker = await requireDocker();
  const runtimes = Object.keys(((await docker.info()) as { Runtimes?: Record<string, unknown> }).Runtimes ?? {});
  if (!runtimes.includes('runsc')) {
    throw new Error(`Docker does not list the runsc runtime (it lists ${runtimes.join(', ')}): bash scripts/setup.sh registers gVisor`);
  }
  await ensureImages(docker, ['python']);
  sandbox = await createSandbox({ config: testConfig({ SANDBOX_RUNTIME: 'runsc', SANDBOX_POOL_SIZE: '1' }), log: testLogger(), images: ['python'] });
});

after(async () => {
  await sandbox?.close();
  if (docker) assert.deepEqual(await ownContainers(docker), []);
});

describe('under gVisor (runsc)', () => {
  test('the job runs on gVisor\'s kernel, not the host\'s', async () => {
    const result = await sandbox.run(py('import os\nprint(os.uname().release)'));
    assert.equal(result.exitCode, 0, result.stderr);
    // gVisor reports a fixed Linux release of its own.
    assert.equal(result.stdout.trim(), '4.4.0');
  });

  test('a job can write nowhere but its work dir and /dev/shm, and the next job finds nothing of it', async () => {
    const write = [
      'import json, os',
      "open('left.txt', 'w').write('secret')",
      'wrote = []',
      `for p in ${JSON.stringify(PLACES)}:`,
      '    try:',
      "        open(p, 'w').write('secret')",
      '        wrote.append(p)',
      '    except OSError:',
      '        pass',
      'print(json.dumps({"wrote": wrote, "dir": os.getcwd()}))',
    ].join('\n');
    const first = await sandbox.run(py(write));
    assert.equal(first.exitCode, 0, first.stderr);
    const { wrote, dir } = JSON.parse(first.stdout) as { wrote: string[]; dir: string };
    assert.deepEqual(wrote, ['/dev/shm/left']);
    const read = `import json, os\nprint(json.dumps([p for p in ${JSON.stringify([...PLACES, `${dir}/left.txt`])} if os.path.exists(p)]))`;
    const second = await sandbox.run(py(read));
    assert.equal(second.exitCode, 0, second.stderr);
    assert.deepEqual(JSON.parse(second.stdout), []);
  });
});
