// Runs one sample's tests inside a worker thread; reports each case to the harness as it starts and ends.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';

process.setSourceMapsEnabled(true);
const { solution, tests, testNames } = workerData;
const sampleFiles = [solution, tests].map((f) => path.basename(f).replace(/\.[^.]+$/, ''));

/** The first stack frame in the sample's own files, as `tests.ts:12`. */
function where(err) {
  for (const line of String(err?.stack ?? '').split('\n').slice(1)) {
    const m = /([^/\s(]+)\.(ts|js):(\d+):\d+\)?$/.exec(line.trim());
    if (m && sampleFiles.includes(m[1])) return `${m[1]}.${m[2]}:${m[3]}`;
  }
  return null;
}

function describe(err) {
  if (err?.code === 'ERR_ASSERTION' || err?.name === 'AssertionError') {
    const at = where(err);
    let text = `AssertionError${at ? ` at ${at}` : ''}: ${err.message}`;
    if (err.generatedMessage === false && 'actual' in err) {
      text += ` -- actual: ${inspect(err.actual, { depth: 4, breakLength: Infinity })}, expected: ${inspect(err.expected, { depth: 4, breakLength: Infinity })}`;
    }
    return ['fail', text];
  }
  const at = where(err);
  const name = err instanceof Error ? err.name : 'thrown';
  const message = err instanceof Error ? err.message : inspect(err);
  return ['error', `${name}: ${message}${at ? ` (${at})` : ''}`];
}

function printStack(name, err) {
  // The tail of stderr goes back to the model in the revision prompt, so only the sample's own frames.
  const lines = String(err?.stack ?? err).split('\n');
  const kept = [lines[0], ...lines.slice(1).filter((l) => sampleFiles.some((f) => l.includes(`/${f}.`)))];
  // Paths of the work directory mean nothing to the reader: `tests.ts:4:10` is enough.
  const text = kept.join('\n').replace(/(?:file:\/\/)?\/[^\s():]*\/([^/\s():]+\.(?:ts|js)):/g, '$1:');
  process.stderr.write(`--- ${name}\n${text}\n`);
}

async function runCase(name, fn) {
  parentPort.postMessage({ type: 'start', name });
  let status = 'pass';
  let message = '';
  try {
    await fn();
  } catch (err) {
    [status, message] = describe(err);
    printStack(name, err);
  }
  parentPort.postMessage({ type: 'end', name, status, message });
  return status;
}

const url = (file) => pathToFileURL(path.resolve(file)).href;
if ((await runCase('<solution>', () => import(url(solution)))) === 'pass') {
  parentPort.postMessage({ type: 'drop', name: '<solution>' });
  let mod = {};
  const moduleStatus = await runCase('<module>', async () => {
    mod = await import(url(tests));
  });
  const cases = testNames.filter((name) => typeof mod[name] === 'function');
  if (cases.length > 0 && moduleStatus === 'pass') parentPort.postMessage({ type: 'drop', name: '<module>' });
  for (const name of cases) await runCase(name, () => mod[name]());
}
