// Flywheel test runner for TypeScript and JavaScript samples (already linted by the resident linter, and already
// JavaScript: the host transpiled TypeScript and modules). It reports each case as it starts and ends over the
// verdict channel (fd 3, see the runner's channel.py).
//
// Before any sample code exists it reads the channel's nonce, the job and the sources, removes them from disk,
// takes every function it will call, and freezes the built-ins (lockdown.mjs): what decides a case is then out
// of the sample's reach but for what the host's static gate refuses (process.exit, handlers on process...). A
// busy loop is ended by the runner's own deadline, which names the case that was running; a case that waits
// forever is ended by the harness's.
//
// A solution that is a script shares the global scope with the tests (one program, as HumanEval-X and MultiPL-E
// run it); one that is a module (CommonJS by now) gives the tests its exports through `require('./solution.js')`.
//
// The job file (JSON) names: solution, tests (the .js files), displayNames (the files as written), deadlineMs,
// testNames (the test functions the host found), scripts ({solution, tests}: which file is a script),
// solutionGlobals (a script solution's top-level names); the source maps are in flywheel-maps.json.
import fs from 'node:fs';
import moduleApi from 'node:module';
import util from 'node:util';
import vm from 'node:vm';
import { lockdown, lockGlobal } from './lockdown.mjs';
import { decodeMap, stackMapper } from './positions.mjs';

// Taken from the module objects now, as constants: named imports of a built-in module are live bindings that
// module.syncBuiltinESMExports() would point at whatever the sample put on the module object.
const { readFileSync, readSync, unlinkSync, writeSync } = fs;
const { createRequire } = moduleApi;
const { inspect } = util;
const { runInThisContext, compileFunction } = vm;
const CHANNEL_FD = 3;
const MESSAGE_LIMIT = 2000;
const stringify = JSON.stringify;
const exit = process.exit.bind(process);
const onProcess = process.on.bind(process);
const writeStderr = process.stderr.write.bind(process.stderr);
const now = Date.now;
// Writes to a pipe are asynchronous in Node, and exit drops what is pending: blocking writes keep the output a
// case printed, in order, and let the runner's output limit see all of it.
for (const stream of [process.stdout, process.stderr]) stream._handle?.setBlocking?.(true);

let prefix;
try {
  // Blocks until the runner hands this process its job (it may have been started before the job existed).
  const buffer = Buffer.alloc(256);
  prefix = `${buffer.toString('utf8', 0, readSync(CHANNEL_FD, buffer, 0, 256, null))}:`;
} catch {
  writeStderr('flywheel harness: no verdict channel on fd 3\n');
  exit(2);
}
const started = now();

function send(record) {
  try {
    writeSync(CHANNEL_FD, prefix + stringify(record));
  } catch {
    // The channel is gone: the cases go unreported, which fails them.
  }
}

const jobFile = process.argv[2] ?? 'flywheel-job.json';
const job = JSON.parse(readFileSync(jobFile, 'utf8'));
const sources = { solution: readFileSync(job.solution, 'utf8'), tests: readFileSync(job.tests, 'utf8') };
let maps = {};
try {
  maps = JSON.parse(readFileSync('flywheel-maps.json', 'utf8'));
} catch {
  // A JavaScript script pair has no maps.
}
// The sample never reads its tests, the job or the maps back from disk.
for (const file of [job.tests, job.solution, jobFile, 'flywheel-maps.json']) {
  try {
    unlinkSync(file);
  } catch {
    // not there
  }
}
const names = { solution: job.displayNames?.solution ?? job.solution, tests: job.displayNames?.tests ?? job.tests };
const scripts = job.scripts ?? { solution: false, tests: false };
const mapStack = stackMapper({ [names.solution]: decodeMap(maps[job.solution]), [names.tests]: decodeMap(maps[job.tests]) });
const sampleFrame = new RegExp(`(${[names.solution, names.tests].map((n) => n.replace('.', '\\.')).join('|')}):(\\d+)`);

// ------------------------------------------------------------------ messages

function stackOf(err) {
  try {
    return mapStack(err instanceof Error ? String(err.stack) : inspect(err));
  } catch {
    return '<an error whose stack cannot be shown>';
  }
}

/** The first stack frame in the sample's own files, as `tests.ts:12`. */
function where(stack) {
  for (const line of stack.split('\n').slice(1)) {
    const m = sampleFrame.exec(line);
    if (m) return `${m[1]}:${m[2]}`;
  }
  return null;
}

const nodeRequire = createRequire(`${process.cwd()}/`);
const assertModule = nodeRequire('node:assert');
const { AssertionError } = assertModule;

function describe(err) {
  const stack = stackOf(err);
  const at = where(stack);
  try {
    if (err instanceof AssertionError || err?.code === 'ERR_ASSERTION') {
      let text = `AssertionError${at ? ` at ${at}` : ''}: ${err.message}`;
      if (err.generatedMessage === false && 'actual' in err) {
        text += ` -- actual: ${inspect(err.actual, { depth: 4, breakLength: Infinity })}, expected: ${inspect(err.expected, { depth: 4, breakLength: Infinity })}`;
      }
      return ['fail', text];
    }
    const name = err instanceof Error ? err.name : 'thrown';
    const message = err instanceof Error ? err.message : inspect(err);
    return ['error', `${name}: ${message}${at ? ` (${at})` : ''}`];
  } catch {
    return ['error', `an exception that cannot be described${at ? ` (${at})` : ''}`];
  }
}

function printStack(name, err) {
  // The tail of stderr goes back to the model in the revision prompt, so only the sample's own frames.
  const lines = stackOf(err).split('\n');
  const kept = [lines[0], ...lines.slice(1).filter((l) => sampleFrame.test(l))];
  writeStderr(`--- ${name}\n${kept.join('\n').replace(/(?:file:\/\/)?\/[^\s():]*\/([^/\s():]+\.(?:ts|js)):/g, '$1:')}\n`);
}

// ------------------------------------------------------------------ the sample's world, locked

let failures = [];

/** console.assert fails the running case (and still prints, as Node's does): HumanEval-X tests assert so. */
function consoleAssert(condition, ...args) {
  if (condition) return;
  const text = args.length > 0 ? args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ') : 'console.assert';
  const at = where(mapStack(new Error().stack ?? ''));
  failures.push(`console.assert failed${at ? ` at ${at}` : ''}: ${text}`);
  writeStderr(`Assertion failed${args.length > 0 ? `: ${text}` : ''}\n`);
}

let solutionExports = {};
let testsExports = {};

/** The solution as the tests' `require('./solution.js')` sees it: its exports, or a script's global names. */
function solutionNamespace() {
  if (!scripts.solution) return solutionExports;
  const namespace = {};
  for (const name of job.solutionGlobals ?? []) {
    try {
      namespace[name] = runInThisContext(`typeof ${name} === 'undefined' ? undefined : ${name}`);
    } catch {
      // declared but never initialised (the solution threw first)
    }
  }
  return namespace;
}

/** Modules a sample never gets: they run code outside this lockdown (workers, child processes, new contexts),
 * reach the engine (inspector, v8) or load modules past `require` (module). */
const DENIED_MODULES = new Set(['child_process', 'worker_threads', 'cluster', 'vm', 'v8', 'inspector', 'module', 'repl', 'trace_events', 'wasi', 'async_hooks']);

function sampleRequire(specifier) {
  if (/^(\.\/)?solution(\.(js|ts|mjs|cjs))?$/.test(specifier)) return solutionNamespace();
  if (DENIED_MODULES.has(String(specifier).replace(/^node:/, '').split('/')[0])) {
    throw new Error(`a sample may not require ${specifier}`);
  }
  return nodeRequire(specifier);
}

/** No file of /proc opens from here on: not /proc/self/mem, where the harness's nonce lives. */
function guardFiles(api) {
  const refuses = (value) => {
    const text = typeof value === 'string' ? value : value instanceof URL ? value.pathname : Buffer.isBuffer(value) ? value.toString() : '';
    return /^\/+proc(\/|$)/.test(text.replace(/^file:\/\//, ''));
  };
  for (const [name, fn] of Object.entries(api)) {
    if (typeof fn !== 'function' || /^[A-Z]/.test(name)) continue;
    api[name] = function guarded(...args) {
      if (refuses(args[0]) || refuses(args[1])) throw new Error(`a sample may not open ${String(args[0])}`);
      return fn.apply(this, args);
    };
  }
}

guardFiles(fs);
guardFiles(fs.promises);
// What reaches below the module system: gone before the sample exists.
for (const name of ['binding', '_linkedBinding', 'dlopen']) delete process[name];
lockdown([assertModule, AssertionError]);
Object.freeze(fs.promises);
Object.freeze(fs);
lockGlobal('console', Object.freeze(Object.create(console, { assert: { value: consoleAssert, enumerable: true } })));
// For scripts written as CommonJS (`const assert = require('node:assert')`, `module.exports = ...`).
const scriptModule = { exports: {} };
lockGlobal('require', sampleRequire);
Object.defineProperty(globalThis, 'module', { value: scriptModule, writable: true, configurable: true });
Object.defineProperty(globalThis, 'exports', { value: scriptModule.exports, writable: true, configurable: true });

/**
 * Runs one file. A script solution runs in the global scope (the tests see its names); script tests run as the
 * body of a strict function, so that their own names (test functions, helpers, constants) are theirs alone: the
 * solution can neither read their source through the global scope or `f.caller`, nor replace a test before it
 * runs. A module runs as a CommonJS function. Returns a module's exports, or the tests' test functions.
 */
function load(role) {
  const filename = names[role];
  if (scripts[role] && role === 'solution') {
    runInThisContext(sources[role], { filename });
    return {};
  }
  if (scripts[role]) {
    const found = (job.testNames ?? []).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n)).map((n) => `${n}: typeof ${n} === 'function' ? ${n} : undefined`);
    const body = compileFunction(`'use strict'; ${sources[role]}\n;return { ${found.join(', ')} };`, [], { filename });
    return body();
  }
  const module = { exports: {} };
  const body = compileFunction(sources[role], ['exports', 'require', 'module', '__filename', '__dirname'], { filename });
  body.call(module.exports, module.exports, sampleRequire, module, filename, process.cwd());
  return module.exports;
}

// ------------------------------------------------------------------ cases

let running = null;
let caseStarted = 0;
/** Ends the running case from outside it: an error no case caught, or the harness's deadline. */
let interrupt = null;

function end(status, message) {
  send({ ev: 'end', case: running, status, message: String(message).slice(0, MESSAGE_LIMIT), ms: now() - caseStarted });
  running = null;
}

function uncaught(err) {
  // An error nobody caught, e.g. a promise rejected after its test had returned, or a timer's callback.
  const [, message] = describe(err);
  printStack('unhandled', err);
  if (interrupt) {
    interrupt(['error', message]);
  } else {
    running = '<unhandled>';
    caseStarted = now();
    send({ ev: 'start', case: running });
    end('error', message);
  }
}
onProcess('uncaughtException', uncaught);
onProcess('unhandledRejection', uncaught);

async function runCase(name, fn) {
  running = name;
  caseStarted = now();
  failures = [];
  send({ ev: 'start', case: name });
  const interrupted = new Promise((resolve) => {
    interrupt = resolve;
  });
  let outcome;
  try {
    outcome = await Promise.race([(async () => {
      await fn();
      return ['pass', ''];
    })(), interrupted]);
  } catch (err) {
    outcome = describe(err);
    printStack(name, err);
  }
  interrupt = null;
  let [status, message] = outcome;
  if (status === 'pass' && failures.length > 0) [status, message] = ['fail', failures.slice(0, 5).join('; ')];
  end(status, message);
  return status;
}

/** A test's return value: awaited if it is a promise, run to its end if it is an iterator (its asserts are in there). */
async function finish(result) {
  if (result && typeof result.next === 'function' && typeof result[Symbol.iterator] === 'function') {
    for (const _ of result) {
      // run to the end
    }
  } else if (result && typeof result.next === 'function' && typeof result[Symbol.asyncIterator] === 'function') {
    for await (const _ of result) {
      // run to the end
    }
  } else {
    await result;
  }
}

let timedOut = false;
const deadline = setTimeout(() => {
  // Reached only while the sample waits (a promise that never settles): a busy loop is the runner's to stop.
  timedOut = true;
  if (interrupt) interrupt(['error', 'timed out: the time limit was reached while this case ran']);
}, Math.max(50, job.deadlineMs - (now() - started)));

async function main() {
  const loaded = await runCase('<solution>', () => {
    solutionExports = load('solution');
    if (scripts.tests) {
      // A module solution for script tests: its exports become globals, as one program's names would be.
      for (const [name, value] of Object.entries(solutionExports)) {
        if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });
      }
    }
  });
  if (loaded !== 'pass' || timedOut) return;
  await runCase('<module>', () => {
    testsExports = load('tests');
  });
  // Taken now, as the tests' top level left them.
  const tests = new Map((job.testNames ?? []).map((name) => [name, testsExports[name]]));
  for (const [name, fn] of tests) {
    if (timedOut) return;
    await runCase(name, () => {
      if (typeof fn !== 'function') throw new Error(`${name} is not a function when the tests have run`);
      return finish(fn());
    });
  }
}

await main();
clearTimeout(deadline);
send({ ev: 'done', timedOut });
// Stray handles of the sample (timers, sockets) must not keep the job open, nor run after the report.
exit(0);
