import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFlywheelError } from '../../src/errors.ts';
import { runStandinCommand } from '../../src/commands/standin.ts';
import { fixtureBankDir } from '../standin/fixtures/index.ts';

describe('flywheel standin', () => {
  it('prints its base URL, serves with the faults of its flags, and stops when told', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    let printed!: () => void;
    const urlPrinted = new Promise<void>((resolve) => { printed = resolve; });
    const done = runStandinCommand(
      ['--port', '0', '--host', '127.0.0.1', '--bank', fixtureBankDir, '--fail-rate', '1', '--seed', '5', '--model', 'ckpt-a', '--model', 'ckpt-b', '--log-level', 'silent'],
      { print: (line) => { lines.push(line); printed(); }, signal: stop.signal },
    );
    await urlPrinted;
    const url = lines[0] ?? '';
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const models = (await (await fetch(`${url}/models`)).json()) as { data: { id: string }[] };
    assert.deepEqual(models.data.map((m) => m.id), ['ckpt-a', 'ckpt-b']);
    const res = await fetch(`${url}/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'ckpt-a', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(res.status, 500, '--fail-rate 1 makes every request fail');
    stop.abort();
    assert.equal(await done, 0);
    await assert.rejects(fetch(`${url}/models`), 'the server is closed');
  });

  it('rejects unknown flags and bad values with FLY_USAGE', async () => {
    await assert.rejects(runStandinCommand(['--fial-rate', '1']), (err: unknown) => isFlywheelError(err, 'FLY_USAGE'));
    await assert.rejects(runStandinCommand(['--fail-rate', 'often', '--port', '0']), (err: unknown) => isFlywheelError(err, 'FLY_USAGE') && /fail-rate/.test(err.message));
    await assert.rejects(runStandinCommand(['--drop-rate', '2', '--port', '0', '--bank', fixtureBankDir]), (err: unknown) => isFlywheelError(err, 'FLY_USAGE') && /dropRate/.test(err.message));
  });

  it('prints its usage for --help', async () => {
    const lines: string[] = [];
    assert.equal(await runStandinCommand(['--help'], { print: (line) => lines.push(line) }), 0);
    assert.match(lines.join('\n'), /--rate-limit-rate P/);
  });
});
