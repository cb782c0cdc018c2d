import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import Docker from 'dockerode';
import { listedRuntimes } from '../../src/sandbox/runtime.ts';
import { startStandin } from '../../src/standin/index.ts';
import { tempDirs } from '../helpers/cli.ts';
import { requireDocker } from '../helpers/docker.ts';

const root = path.resolve(import.meta.dirname, '../..');

// Asynchronous, unlike test/cli.test.ts: the stand-in model answering the child runs in this process.
function flywheel(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'bin/flywheel.js'), ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', LLM_BASE_URL: '', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }));
  });
}

function line(stdout: string, check: string): string {
  const found = stdout.split('\n').find((l) => l.startsWith(`${check} `));
  assert.ok(found, `a "${check}" line in:\n${stdout}`);
  return found;
}

/** A port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const checks = ['docker engine', 'runtimes', 'sandbox images', 'database', 'model endpoint', 'free disk'];

describe('flywheel doctor', () => {
  let migrated: string;
  const freshDir = tempDirs('flywheel-doctor-');

  before(async () => {
    await requireDocker();
    migrated = freshDir();
    const result = await flywheel(['migrate', '--data-dir', migrated]);
    assert.equal(result.code, 0, result.stderr);
  });

  it('with Docker up, the images built, a migrated database and a model answering, every check is ok and it exits 0', async () => {
    const standin = await startStandin({ port: 0 });
    try {
      const { code, stdout, stderr } = await flywheel(['doctor', '--data-dir', migrated], { LLM_BASE_URL: standin.url });
      assert.equal(code, 0, `${stdout}\n${stderr}`);
      for (const check of checks) assert.match(line(stdout, check), new RegExp(`^${check} +ok `));
      // auto (the default): gVisor where Docker lists it, as the sandbox itself decides.
      const expected = (await listedRuntimes(new Docker())).includes('runsc') ? 'runsc' : 'runc';
      assert.match(line(stdout, 'runtimes'), new RegExp(`the sandbox will use ${expected} \\(SANDBOX_RUNTIME=auto`));
    } finally {
      await standin.close();
    }
  });

  it('an explicit SANDBOX_RUNTIME Docker lists is the one reported', async () => {
    const { code, stdout } = await flywheel(['doctor', '--data-dir', migrated, '--sandbox-runtime', 'runc']);
    assert.equal(code, 0, stdout);
    assert.match(line(stdout, 'runtimes'), /^runtimes +ok .*the sandbox will use runc \(SANDBOX_RUNTIME=runc\)/);
  });

  it('without a model endpoint configured the model line says so and is not needed', async () => {
    const { code, stdout } = await flywheel(['doctor', '--data-dir', migrated]);
    assert.equal(code, 0, stdout);
    assert.match(line(stdout, 'model endpoint'), /not configured/);
  });

  it('an unreachable Docker engine exits 1 and names the setup script', async () => {
    const { code, stdout } = await flywheel(['doctor', '--data-dir', migrated], { DOCKER_HOST: 'unix:///nonexistent.sock' });
    assert.equal(code, 1);
    assert.match(line(stdout, 'docker engine'), /FAIL .*nonexistent\.sock.*fix: `bash scripts\/setup\.sh`/);
    assert.match(line(stdout, 'sandbox images'), /FAIL +not checked/);
  });

  it('a model endpoint on a closed port exits 1 on the model line', async () => {
    const base = `http://127.0.0.1:${await closedPort()}/v1`;
    const { code, stdout } = await flywheel(['doctor', '--data-dir', migrated], { LLM_BASE_URL: base });
    assert.equal(code, 1);
    assert.match(line(stdout, 'model endpoint'), new RegExp(`FAIL +GET ${base.replace(/\./g, '\\.')}/models`));
    assert.match(line(stdout, 'database'), /^database +ok /);
  });

  it('a runtime Docker does not list exits 1 naming it', async () => {
    const { code, stdout } = await flywheel(['doctor', '--data-dir', migrated, '--sandbox-runtime', 'no-such-runtime']);
    assert.equal(code, 1);
    assert.match(line(stdout, 'runtimes'), /FAIL .*no-such-runtime.*not registered; fix: `bash scripts\/setup\.sh`/);
  });

  it('a fresh data directory is reported not migrated, with the migrate command', async () => {
    const { code, stdout } = await flywheel(['doctor', '--data-dir', freshDir()]);
    assert.equal(code, 1);
    assert.match(line(stdout, 'database'), /FAIL .*not migrated: 0001_initial.*fix: `npx flywheel migrate`/);
  });

  it('an embedded database held by a running process is reported as such, not a crash', async () => {
    const dir = freshDir();
    fs.mkdirSync(path.join(dir, 'pglite'));
    // This test process is alive: to the child it is the owner of the data directory.
    fs.writeFileSync(path.join(dir, 'pglite', 'flywheel.lock'), String(process.pid));
    const { code, stdout } = await flywheel(['doctor', '--data-dir', dir]);
    assert.equal(code, 1);
    assert.match(line(stdout, 'database'), new RegExp(`FAIL .*in use by process ${process.pid}`));
    assert.match(line(stdout, 'free disk'), /^free disk +ok /);
  });
});
