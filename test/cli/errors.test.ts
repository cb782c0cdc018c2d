import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { closedPort, flywheel, flywheelOnTerminal, humanLines, jsonLines, logFileNamed, root, screenLines, tempDirs } from '../helpers/cli.ts';
import { requireDocker } from '../helpers/docker.ts';

const stackLine = /^\s+at /m;

/** The one line a person reads, with the cause and the fix; everything else on stderr is JSON for machines. */
function oneLine(stderr: string, command: string): string {
  const lines = humanLines(stderr).filter((l) => !l.startsWith(`flywheel ${command}: full log in `));
  assert.equal(lines.length, 1, `one line for people on stderr:\n${stderr}`);
  assert.doesNotMatch(stderr, stackLine, 'no stack trace on stderr');
  return lines[0] as string;
}

/** The JSON record of the failure, with the error's stack. */
function recordedStack(entries: Record<string, unknown>[], code: string): string {
  const failed = entries.find((e) => e.msg === 'command failed');
  assert.ok(failed, `a "command failed" record in ${JSON.stringify(entries)}`);
  assert.equal(failed.code, code);
  const stack = (failed.err as { stack?: string }).stack ?? '';
  assert.match(stack, /\n {4}at /, 'the record carries the stack');
  return stack;
}

function logFileEntries(file: string): Record<string, unknown>[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * A copy of the project whose python sandbox image has inputs no engine has built: its tag is missing. The
 * sources are copied (the images' tags are computed from where the code lives); node_modules is shared.
 */
function projectWithUnbuiltImage(into: string): string {
  for (const entry of ['bin', 'src', 'sandbox-images', 'package.json']) fs.cpSync(path.join(root, entry), path.join(into, entry), { recursive: true });
  for (const entry of ['node_modules', 'prompts', 'migrations', 'package-lock.json', 'tsconfig.json']) fs.symlinkSync(path.join(root, entry), path.join(into, entry));
  fs.appendFileSync(path.join(into, 'sandbox-images/python/Dockerfile'), '\n# changed by a test: an image with this tag is never built\n');
  return into;
}

describe('an expected error is one line with its cause and its fix', () => {
  const freshDir = tempDirs('flywheel-errors-');
  let migrated: string;

  before(async () => {
    await requireDocker();
    migrated = freshDir();
    const result = await flywheel(['migrate', '--data-dir', migrated]);
    assert.equal(result.code, 0, result.stderr);
  });

  const noDocker = { DOCKER_HOST: 'unix:///nonexistent.sock' };
  const noDatabase = { DATABASE_URL: 'postgres://127.0.0.1:1/x' };

  it('Docker engine unreachable: FLY_SANDBOX_UNAVAILABLE and the setup script, the stack in the JSON log', async () => {
    const { code, stderr } = await flywheel(['sandbox', 'build', '--data-dir', freshDir()], noDocker);
    assert.equal(code, 1);
    const line = oneLine(stderr, 'sandbox');
    assert.match(line, /^flywheel sandbox: FLY_SANDBOX_UNAVAILABLE: Docker engine not reachable .*nonexistent\.sock.*; fix: `bash scripts\/setup\.sh` \(installs and starts the Docker engine\)/);
    recordedStack(jsonLines(stderr), 'FLY_SANDBOX_UNAVAILABLE');
  });

  it('Docker engine unreachable on a terminal: the one line on the screen, the stack only in the log file', async () => {
    const dataDir = freshDir();
    const { code, screen } = await flywheelOnTerminal(['sandbox', 'build', '--data-dir', dataDir], noDocker);
    assert.equal(code, 1, screen);
    assert.deepEqual(jsonLines(screen), []);
    assert.match(oneLine(screen, 'sandbox'), /^flywheel sandbox: FLY_SANDBOX_UNAVAILABLE: .*; fix: `bash scripts\/setup\.sh`/);
    const file = logFileNamed(screen, 'sandbox');
    assert.equal(path.dirname(file), path.join(dataDir, 'logs'));
    recordedStack(logFileEntries(file), 'FLY_SANDBOX_UNAVAILABLE');
  });

  it('database unreachable: FLY_DB_UNAVAILABLE and what to do about DATABASE_URL', async () => {
    const { code, stderr } = await flywheel(['migrate', '--data-dir', freshDir()], noDatabase);
    assert.equal(code, 1);
    assert.match(oneLine(stderr, 'migrate'), /^flywheel migrate: FLY_DB_UNAVAILABLE: cannot reach the Postgres server at postgres:\/\/127\.0\.0\.1:1\/x <- .*ECONNREFUSED.*; fix: start the Postgres server DATABASE_URL names, or correct DATABASE_URL \(unset it for the embedded database\)$/);
    recordedStack(jsonLines(stderr), 'FLY_DB_UNAVAILABLE');
  });

  it('database unreachable on a terminal: the one line, the stack in the log file', async () => {
    const dataDir = freshDir();
    const { code, screen } = await flywheelOnTerminal(['migrate', '--data-dir', dataDir], noDatabase);
    assert.equal(code, 1, screen);
    assert.deepEqual(jsonLines(screen), []);
    assert.match(oneLine(screen, 'migrate'), /^flywheel migrate: FLY_DB_UNAVAILABLE: .*; fix: start the Postgres server DATABASE_URL names/);
    recordedStack(logFileEntries(logFileNamed(screen, 'migrate')), 'FLY_DB_UNAVAILABLE');
  });

  it('model unreachable: FLY_LLM_UNAVAILABLE and LLM_BASE_URL', async () => {
    const llm = { LLM_BASE_URL: `http://127.0.0.1:${await closedPort()}/v1`, LLM_MODEL: 'nowhere', SANDBOX_POOL_SIZE: '1' };
    const { code, stderr } = await flywheel(['run', '--size', '1', '--data-dir', migrated], llm);
    assert.equal(code, 1, stderr);
    assert.match(oneLine(stderr, 'run'), /^flywheel run: FLY_LLM_UNAVAILABLE: cannot list the models at http:\/\/127\.0\.0\.1:\d+\/v1: .*; fix: start the model server, or set LLM_BASE_URL to one that runs$/);
    recordedStack(jsonLines(stderr), 'FLY_LLM_UNAVAILABLE');
  });

  it('model unreachable on a terminal: its warnings are readable lines, then the one line', async () => {
    const llm = { LLM_BASE_URL: `http://127.0.0.1:${await closedPort()}/v1`, LLM_MODEL: 'nowhere', SANDBOX_POOL_SIZE: '1' };
    const { code, screen } = await flywheelOnTerminal(['run', '--size', '1', '--data-dir', migrated], llm);
    assert.equal(code, 1, screen);
    assert.deepEqual(jsonLines(screen), []);
    assert.doesNotMatch(screen, stackLine);
    const lines = screenLines(screen).filter((l) => !l.startsWith('flywheel run: full log in '));
    const failures = lines.filter((l) => l.startsWith('flywheel run: '));
    assert.equal(failures.length, 1, screen);
    assert.match(failures[0] as string, /FLY_LLM_UNAVAILABLE: .*; fix: start the model server/);
    assert.ok(lines.every((l) => l.startsWith('flywheel run: ') || /^warn: /.test(l)), `only warnings besides:\n${screen}`);
    recordedStack(logFileEntries(logFileNamed(screen, 'run')), 'FLY_LLM_UNAVAILABLE');
  });

  it('sandbox image not built: FLY_SANDBOX_IMAGE_MISSING and `npx flywheel sandbox build`', async () => {
    const project = projectWithUnbuiltImage(freshDir());
    const { code, stderr } = await flywheel(['run', '--size', '1', '--data-dir', migrated], { SANDBOX_POOL_SIZE: '1' }, { cwd: project });
    assert.equal(code, 1, stderr);
    assert.match(oneLine(stderr, 'run'), /^flywheel run: FLY_SANDBOX_IMAGE_MISSING: sandbox image flywheel-sandbox-python:\w+ is not built.*; fix: `npx flywheel sandbox build`$/);
    recordedStack(jsonLines(stderr), 'FLY_SANDBOX_IMAGE_MISSING');
  });

  it('a wrong setting: FLY_CONFIG_INVALID, and the fix names the setting', async () => {
    const { code, stderr } = await flywheel(['migrate'], { SANDBOX_POOL_SIZE: 'many' });
    assert.equal(code, 2);
    assert.match(oneLine(stderr, 'migrate'), /^flywheel migrate: FLY_CONFIG_INVALID: invalid configuration: SANDBOX_POOL_SIZE \(--sandbox-pool-size\): expected a whole number, got "many"; fix: correct SANDBOX_POOL_SIZE; every setting and its values: `npx flywheel config --markdown`$/);
  });

  it('a wrong flag: FLY_USAGE and the usage of the command, the stack in the JSON log', async () => {
    const { code, stderr } = await flywheel(['run', '--concurrency', '0', '--data-dir', freshDir()]);
    assert.equal(code, 2);
    assert.match(oneLine(stderr, 'run'), /^flywheel run: FLY_USAGE: --concurrency: expected a whole number in 1\.\.1024, got "0"; usage: flywheel run \[--join ROUND\]/);
    recordedStack(jsonLines(stderr), 'FLY_USAGE');
    const unknown = await flywheel(['run', '--no-such-flag']);
    assert.equal(unknown.code, 2);
    assert.match(oneLine(unknown.stderr, 'run'), /^flywheel run: FLY_USAGE: Unknown option '--no-such-flag'.*; usage: flywheel run /);
  });
});
