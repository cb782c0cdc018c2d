// `flywheel serve` as a process: it opens the services, listens, answers the probes, starts a round on its
// schedule (with the settings of its flags) and works it to the end, and stops cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createCheckpointRegistry } from '../../src/llm/index.ts';
import { startStandin, STANDIN_MODEL } from '../../src/standin/index.ts';
import { openTestDb, type TestDb } from '../helpers/db.ts';
import { requireDocker } from '../helpers/docker.ts';
import { bankOf, log } from '../helpers/pipeline.ts';

const root = path.resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('flywheel serve', () => {
  const bankDir = bankOf(['two-sum']);
  let testDb: TestDb;
  let standin: Awaited<ReturnType<typeof startStandin>>;
  let child: ChildProcess | undefined;
  let stderr = '';
  let url = '';

  before(async () => {
    await requireDocker();
    testDb = await openTestDb('postgres');
    standin = await startStandin({ port: 0, bankDir });
    await createCheckpointRegistry({ db: testDb.db, log }).register({ name: 'standin', baseUrl: standin.url, model: STANDIN_MODEL, makeCurrent: true });
    child = spawn(process.execPath, [path.join(root, 'bin/flywheel.js'), 'serve', '--size', '1', '--languages', 'php'], {
      cwd: root,
      env: {
        ...process.env, LOG_LEVEL: 'info', DATABASE_URL: testDb.url ?? '', FLYWHEEL_PORT: '0', FLYWHEEL_API_TOKEN: 'serve-token',
        FLYWHEEL_CRON: '*/1 * * * * *', FLYWHEEL_CRON_TZ: 'Europe/Berlin', SANDBOX_POOL_SIZE: '1',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const deadline = Date.now() + 90_000;
    while (!/API on (http:\/\/[\d.:]+)/.test(stderr)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start: ${stderr.slice(-2000)}`);
      await sleep(100);
    }
    url = /API on (http:\/\/[\d.:]+)/.exec(stderr)?.[1] ?? '';
  });
  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await standin?.close();
    await testDb?.cleanup();
    fs.rmSync(bankDir, { recursive: true, force: true });
  });

  it('says where it listens and when the next scheduled round is', () => {
    assert.match(stderr, /flywheel: API on http:\/\/127\.0\.0\.1:\d+ \(docs: http:\/\/127\.0\.0\.1:\d+\/docs\), next scheduled round \d{4}-\d\d-\d\dT/);
  });

  it('answers its probes, with the database and Docker ready, and wants the token elsewhere', async () => {
    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready' });
    assert.equal((await fetch(`${url}/v1/rounds`)).status, 401);
  });

  it('starts a round on its schedule, with the settings of its flags, and works it to the end', async () => {
    const headers = { authorization: 'Bearer serve-token' };
    const deadline = Date.now() + 90_000;
    let round: { id: number; status: string; settings: { size: number; languages: string[] } } | undefined;
    while (round?.status !== 'done') {
      if (Date.now() > deadline) throw new Error(`no scheduled round finished: ${JSON.stringify(round)} ${stderr.slice(-1500)}`);
      await sleep(500);
      const list = (await (await fetch(`${url}/v1/rounds`, { headers })).json()) as { items: NonNullable<typeof round>[] };
      round = list.items[list.items.length - 1];
    }
    assert.deepEqual([round.settings.size, round.settings.languages], [1, ['php']]);
    // Ticks while a round ran started nothing: each round began after the one before had finished.
    const rounds = ((await (await fetch(`${url}/v1/rounds`, { headers })).json()) as { items: { createdAt: string; finishedAt: string | null }[] }).items.reverse();
    for (let i = 1; i < rounds.length; i++) assert.ok(Date.parse(rounds[i]?.createdAt ?? '') >= Date.parse(rounds[i - 1]?.finishedAt ?? ''), JSON.stringify(rounds));
    const samples = (await (await fetch(`${url}/v1/samples?round=${round.id}`, { headers })).json()) as { items: { language: string }[] };
    assert.deepEqual(samples.items.map((s) => s.language).sort(), ['php', 'python']);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child?.kill('SIGTERM');
    assert.equal(await exited, 0, stderr.slice(-2000));
  });
});
