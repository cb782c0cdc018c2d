import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { configTable, loadConfig, settings } from '../src/config.ts';
import { isFlywheelError } from '../src/errors.ts';
import { lintRulesMarkdown } from '../src/languages/index.ts';
import { openTestDb, serverUrl } from './helpers/db.ts';

const root = path.resolve(import.meta.dirname, '..');

function flywheel(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/flywheel.js'), ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('command line', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('--help lists every command', () => {
    const { code, stdout } = flywheel(['--help']);
    assert.equal(code, 0);
    for (const name of ['serve', 'run', 'resume', 'export', 'verify', 'sandbox', 'migrate', 'doctor', 'standin', 'demo']) {
      assert.match(stdout, new RegExp(`^  ${name} `, 'm'), `${name} is listed`);
    }
  });

  it('an unknown command exits 2 with the usage', () => {
    const { code, stderr } = flywheel(['frobnicate']);
    assert.equal(code, 2);
    assert.match(stderr, /unknown command "frobnicate"/);
  });

  it('a wrong setting stops start-up naming the variable and the flag', () => {
    const fromEnv = flywheel(['migrate'], { SANDBOX_POOL_SIZE: 'many' });
    assert.equal(fromEnv.code, 2);
    assert.match(fromEnv.stderr, /SANDBOX_POOL_SIZE \(--sandbox-pool-size\): expected a whole number, got "many"/);
    const fromFlag = flywheel(['migrate', '--port', '70000']);
    assert.equal(fromFlag.code, 2);
    assert.match(fromFlag.stderr, /FLYWHEEL_PORT \(--port\): expected 0\.\.65535, got 70000/);
  });

  it('migrate applies the schema to the embedded database under --data-dir, then finds nothing to do', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-cli-'));
    dirs.push(dir);
    const first = flywheel(['migrate', '--data-dir', dir]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /0001_initial {2}applied now/);
    assert.match(first.stdout, /tables: .*samples/);
    assert.ok(fs.existsSync(path.join(dir, 'pglite')));
    const second = flywheel(['migrate', '--data-dir', dir]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /0001_initial {2}already applied/);
  });

  it('migrate applies the schema to the Postgres server named by DATABASE_URL', async () => {
    serverUrl();
    const empty = await openTestDb('postgres', { migrated: false });
    try {
      const result = flywheel(['migrate'], { DATABASE_URL: empty.url ?? '' });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /Postgres server \(DATABASE_URL\)/);
      const rows = await empty.db.query('select 1 from samples');
      assert.deepEqual(rows, []);
    } finally {
      await empty.cleanup();
    }
  });

  it('migrate against an unreachable server fails with a clear message and exit code 1', () => {
    const result = flywheel(['migrate'], { DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /FLY_DB_UNAVAILABLE: cannot reach the Postgres server at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/);
    assert.doesNotMatch(result.stderr, /secret/);
  });
});

describe('configuration', () => {
  it('every setting has its default when nothing is set', () => {
    const config = loadConfig({});
    for (const [name, spec] of Object.entries(settings)) {
      assert.deepEqual(config[name as keyof typeof config], spec.default, name);
    }
  });

  it('reports every wrong setting at once', () => {
    assert.throws(
      () => loadConfig({ LOG_LEVEL: 'loud', SANDBOX_CPUS: '-1', LLM_BASE_URL: 'not a url' }),
      (err) => {
        assert.ok(isFlywheelError(err, 'FLY_CONFIG_INVALID'));
        assert.match(err.message, /LOG_LEVEL/);
        assert.match(err.message, /SANDBOX_CPUS/);
        assert.match(err.message, /LLM_BASE_URL/);
        return true;
      },
    );
  });

  it('the README configuration table matches the settings', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    assert.ok(readme.includes(configTable()), 'README.md holds the output of `flywheel config --markdown`');
  });

  it('the README lint rule table matches the rules the checks apply', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    assert.ok(readme.includes(lintRulesMarkdown()), 'README.md holds the output of lintRulesMarkdown()');
  });
});
