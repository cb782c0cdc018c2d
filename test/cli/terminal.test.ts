import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { before, describe, it } from 'node:test';
import type { ProblemRow } from '../../src/store/rounds.ts';
import { createProgress, statusLine } from '../../src/terminal/progress.ts';
import { createScreen, formatLogLine } from '../../src/terminal/screen.ts';
import { flywheel, flywheelOnTerminal, humanLines, jsonLines, logFileNamed, screenLines, tempDirs } from '../helpers/cli.ts';
import { requireDocker } from '../helpers/docker.ts';

const problem = (id: number) => ({ id, seq: id, topic: `topic ${id}` }) as ProblemRow;

function readJsonLines(file: string): Record<string, unknown>[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  assert.ok(lines.length > 0, `${file} is empty`);
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

// One status line per form: `6/10 | gen 1 chk 0 rev 0 jdg 2 tr 1 | python 4 php 3 | 0.5/s | ETA 1m20s`.
const progressLine = /^(\[[#.]{20}\] )?\d+\/\d+( problems)?.* \| (gen \d+ chk \d+ rev \d+ jdg \d+ tr \d+|generating \d+, checking \d+, revising \d+, judging \d+, translating \d+) \| .* \| [\d.]+( samples)?\/s \| ETA /;

describe('the status line of a round', () => {
  const state = {
    total: 10, settled: 6, counts: { accepted: 5, dropped: 1, failed: 0, retry: 0 },
    at: new Map([[1, 'generating'], [2, 'checking'], [3, 'translating'], [4, 'translating']] as const),
    samples: new Map([['python', 5], ['php', 4], ['typescript', 3], ['javascript', 2]]),
    seconds: 20,
  };

  it('names the problems in each stage, the samples per language, the rate and the time left when the terminal is wide', () => {
    const line = statusLine(state, 250);
    assert.match(line, /6\/10 problems \(1 dropped\)/);
    assert.match(line, /generating 1, checking 1, revising 0, judging 0, translating 2/);
    assert.match(line, /accepted python 5, php 4, typescript 3, javascript 2/);
    assert.match(line, /0\.70 samples\/s/);
    assert.match(line, /ETA 13s/);
  });

  it('never reaches the last column of the terminal, however narrow, and keeps what matters most first', () => {
    for (let columns = 10; columns <= 200; columns++) {
      const line = statusLine(state, columns);
      assert.ok(line.length < columns, `${line.length} characters on a terminal ${columns} wide: ${line}`);
    }
    assert.match(statusLine(state, 80), /^6\/10 \| gen 1 chk 1 rev 0 jdg 0 tr 2 \| 14 samples \| 0\.7\/s \| ETA 13s$/);
    assert.match(statusLine(state, 40), /^6\/10 \| 14 samples \| ETA 13s$/);
  });

  it('on a terminal, is rewritten in place and a problem in translation stays counted as translating', () => {
    const out = Object.assign(new PassThrough(), { isTTY: true, columns: 90 });
    let written = '';
    out.on('data', (chunk: Buffer) => { written += chunk.toString(); });
    // A clock a second further on at each look: every change is drawn at once.
    let clock = 0;
    const progress = createProgress(2, createScreen(out), out, () => (clock += 1000));
    progress.stage(problem(1), 'generating');
    progress.stage(problem(2), 'checking');
    progress.stage(problem(1), 'translating');
    progress.stage(problem(1), 'checking');
    progress.accepted(problem(1), 'python');
    progress.item(problem(1), { status: 'accepted', reason: null, fresh: { llm: 0, checks: 0, replayed: 0 } });
    progress.done();
    assert.ok(written.endsWith('\n') && written.indexOf('\n') === written.length - 1, 'one line, ended once');
    const frames = written.slice(0, -1).split('\r').filter(Boolean).map((f) => f.replace('\x1b[K', ''));
    assert.ok(frames.every((f) => f.length < 90), frames.join('\n'));
    assert.deepEqual(frames.map((f) => /gen \d chk \d rev \d jdg \d tr \d/.exec(f)?.[0]), [
      'gen 0 chk 0 rev 0 jdg 0 tr 0',
      'gen 1 chk 0 rev 0 jdg 0 tr 0',
      'gen 1 chk 1 rev 0 jdg 0 tr 0',
      'gen 0 chk 1 rev 0 jdg 0 tr 1',
      'gen 0 chk 1 rev 0 jdg 0 tr 1',
      'gen 0 chk 1 rev 0 jdg 0 tr 0',
      'gen 0 chk 1 rev 0 jdg 0 tr 0',
    ]);
    assert.match(frames.at(-1) as string, /^1\/2 \| .* \| python 1 \| [\d.]+\/s \| ETA \d+s$/);
  });

  it('off a terminal, writes one line per settled problem as before', () => {
    const out = new PassThrough();
    let written = '';
    out.on('data', (chunk: Buffer) => { written += chunk.toString(); });
    const progress = createProgress(2, null, out);
    progress.stage(problem(1), 'generating');
    progress.item(problem(1), { status: 'dropped', reason: 'duplicate', fresh: { llm: 0, checks: 0, replayed: 0 } });
    progress.item(problem(2), { status: 'accepted', reason: null, fresh: { llm: 0, checks: 0, replayed: 0 } });
    progress.done();
    assert.equal(written, [
      '[1/2] accepted 0, dropped 1, failed 0  <- problem 1 topic 1: dropped (duplicate)',
      '[2/2] accepted 1, dropped 1, failed 0  <- problem 2 topic 2: accepted',
      '',
    ].join('\n'));
  });

  it('a log line printed meanwhile goes above the status line, which is drawn again below it', () => {
    const out = Object.assign(new PassThrough(), { isTTY: true, columns: 60 });
    let written = '';
    out.on('data', (chunk: Buffer) => { written += chunk.toString(); });
    const screen = createScreen(out);
    screen.status('1/2 working');
    screen.print(formatLogLine(JSON.stringify({ level: 40, time: 1, service: 'flywheel', problem: 7, err: { code: 'FLY_LLM_UNAVAILABLE', message: 'no answer', stack: 'Error\n    at x' }, msg: 'problem failed; handing it back' })));
    screen.done();
    assert.equal(written, '\r1/2 working\x1b[K\rwarn: problem failed; handing it back (problem 7): FLY_LLM_UNAVAILABLE: no answer\x1b[K\n1/2 working\n');
  });
});

describe('where the logs of a command go', () => {
  const freshDir = tempDirs('flywheel-terminal-');
  before(async () => {
    await requireDocker();
  });

  it('the demo on a terminal shows its progress on one line and no JSON, and writes the JSON logs to the file it names', async () => {
    const dataDir = freshDir();
    const { code, screen } = await flywheelOnTerminal(['demo', '--size', '2', '--data-dir', dataDir], {}, { columns: 72 });
    assert.equal(code, 0, screen);
    const lines = screenLines(screen);
    assert.deepEqual(jsonLines(screen), [], `no JSON on the screen:\n${screen}`);
    assert.ok(!lines.some((l) => /incoming request|request completed|sandbox ready|up to date/.test(l)), screen);

    const frames = lines.filter((l) => progressLine.test(l));
    assert.ok(frames.length >= 2, `progress lines in:\n${screen}`);
    assert.ok(frames.every((f) => f.length < 72), frames.join('\n'));
    assert.ok(frames.some((f) => /^2\/2 /.test(f)), frames.join('\n'));
    assert.ok(frames.some((f) => /\| python \d/.test(f) || /\d+ samples/.test(f)), frames.join('\n'));
    assert.match(screen, /round \d+: done/);

    const file = logFileNamed(screen, 'demo');
    assert.equal(path.dirname(file), path.join(dataDir, 'logs'));
    const logged = readJsonLines(file);
    assert.ok(logged.some((l) => typeof l.msg === 'string' && l.msg.startsWith('sandbox ready')), 'the sandbox start is in the file');
    assert.ok(logged.some((l) => l.msg === 'checkpoint registered'));
    assert.ok(!logged.some((l) => l.msg === 'incoming request' || l.msg === 'request completed'), 'the stand-in logs no requests unless asked');
    assert.equal(lines.filter((l) => l.includes('full log in')).length, 1, 'the path is shown once');
  });

  it('off a terminal a command writes JSON lines to stderr and no log file', async () => {
    const dataDir = freshDir();
    const { code, stdout, stderr } = await flywheel(['sandbox', 'build', '--data-dir', dataDir]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /flywheel-sandbox-python:\w+ {2}(built|up to date)/);
    assert.ok(jsonLines(stderr).some((l) => l.msg === 'sandbox image up to date' || l.msg === 'sandbox image built'), stderr);
    assert.deepEqual(humanLines(stderr), []);
    assert.equal(fs.existsSync(path.join(dataDir, 'logs')), false);
  });

  it('LOG_FORMAT=json keeps JSON on a terminal; LOG_FORMAT=pretty moves it to the file off one', async () => {
    const dataDir = freshDir();
    const json = await flywheelOnTerminal(['sandbox', 'build', '--data-dir', dataDir], { LOG_FORMAT: 'json' });
    assert.equal(json.code, 0, json.screen);
    assert.ok(jsonLines(json.screen).some((l) => l.msg === 'sandbox image up to date'), json.screen);
    assert.equal(fs.existsSync(path.join(dataDir, 'logs')), false);

    const pretty = await flywheel(['sandbox', 'build', '--data-dir', dataDir], { LOG_FORMAT: 'pretty' });
    assert.equal(pretty.code, 0, pretty.stderr);
    assert.deepEqual(jsonLines(pretty.stderr), []);
    const file = logFileNamed(pretty.stderr, 'sandbox');
    assert.ok(readJsonLines(file).some((l) => l.msg === 'sandbox image up to date'));
  });

  it('serve keeps its JSON logs on stderr even on a terminal', async () => {
    const dataDir = freshDir();
    // No database to open: serve stops at once, after its logger is made.
    const { code, screen } = await flywheelOnTerminal(['serve', '--data-dir', dataDir], { DATABASE_URL: 'postgres://127.0.0.1:1/none' });
    assert.equal(code, 1, screen);
    assert.ok(jsonLines(screen).some((l) => l.msg === 'command failed'), screen);
    assert.equal(fs.existsSync(path.join(dataDir, 'logs')), false);
  });
});
