// Flywheel test runner for TypeScript and JavaScript samples (already linted by the resident linter, and already
// JavaScript: the host transpiled TypeScript and modules). It reports each case as it starts and ends over the
// verdict channel (fd 3, see the runner's channel.py).
//
// Before any sample code exists it reads the channel's nonce, the job and the sources, removes them from disk,
// takes every function it will call, refuses /proc, signals and error hooks (guards.mjs), and freezes the
// built-ins and hardens Node's globals and every built-in module a sample requires (lockdown.mjs): what decides a
// case is then out of the sample's reach but for what the host's static gate refuses. A busy loop is ended by the
// runner's own deadline, which names the case that was running; a case that waits forever is ended by the
// harness's.
//
// A test passes when it returns (a Promise it returns is awaited, with the harness's own `then`; a generator is
// run to its end) without an error, and when the checks it makes (node:assert, console.assert: the host wraps
// each in the counter this file gives the tests' code) ran at least once. A function, a thenable that is not a
// Promise or `false` returned is not a pass.
//
// A solution that is a script shares the global scope with the tests (one program, as HumanEval-X and MultiPL-E
// run it); one that is a module (CommonJS by now) gives the tests its exports through `require('./solution.js')`.
//
// The job file (JSON) names: solution, tests (the .js files), displayNames (the files as written), deadlineMs,
// testNames (the test functions the host found), scripts ({solution, tests}: which file is a script),
// solutionGlobals (a script solution's top-level names), checkedTests (the tests that make checks); the source
// maps are in flywheel-maps.json.
import fs from 'node:fs';
import moduleApi from 'node:module';
import util from 'node:util';
import vm from 'node:vm';
import { guardFiles, guardProcess } from './guards.mjs';
import { harden, lockdown, lockGlobal, lockNodeGlobals } from './lockdown.mjs';
import { decodeMap, stackMapper } from './positions.mjs';

// Taken from the module objects now, as constants: named imports of a built-in module are live bindings that
// module.syncBuiltinESMExports() would point at whatever the sample put on the module object.
const { readFileSync, readSync, unlinkSync, writeSync } = fs;
const realpath = fs.realpathSync.native;
const { createRequire, isBuiltin } = moduleApi;
const { inspect } = util;
const { isPromise, isGeneratorObject } = util.types;
const { runInThisContext, compileFunction } = vm;
const CHANNEL_FD = 3;
const MESSAGE_LIMIT = 2000;
/** The name the host gives the tests' check counter (src/languages/ecmascript-checks.ts). */
const CHECK_COUNTER = '__flywheel_check';
const stringify = JSON.stringify;
const reallyExit = process.reallyExit.bind(process);
const writeStderr = process.stderr.write.bind(process.stderr);
const now = Date.now;
const startTimer = setTimeout;
const stopTimer = clearTimeout;
// A sample's thenable is never asked to call back: the harness subscribes to real Promises with this.
const promiseThen = Promise.prototype.then;
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
  reallyExit(2);
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
const checkedTests = new Set(job.checkedTests ?? []);
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

/** Modules a sample never gets: they run code outside this lockdown (workers, child processes, new contexts,
 * node:test's runner), reach the engine (inspector, v8), load modules past `require` (module) or take the
 * harness's uncaught-error hook (domain). */
const DENIED_MODULES = new Set([
  'child_process', 'worker_threads', 'cluster', 'vm', 'v8', 'inspector', 'module', 'repl', 'trace_events', 'wasi', 'async_hooks',
  'test', 'domain',
]);

const lockedConsole = Object.freeze(Object.create(console, { assert: { value: consoleAssert, enumerable: true } }));

function notFound(specifier) {
  const err = new Error(`Cannot find module '${specifier}': a sample requires its solution and Node's built-in modules only`);
  err.code = 'MODULE_NOT_FOUND';
  return err;
}

function sampleRequire(specifier) {
  const name = String(specifier);
  if (/^(\.\/)?solution(\.(js|ts|mjs|cjs))?$/.test(name)) return solutionNamespace();
  const bare = name.replace(/^node:/, '');
  if (DENIED_MODULES.has(bare.split('/')[0])) throw new Error(`a sample may not require ${name}`);
  if (!isBuiltin(name)) throw notFound(name);
  if (bare === 'console') return lockedConsole;
  const exported = nodeRequire(name);
  // The first require hardens the module for everyone: solution and tests get the same, unchangeable object.
  if (bare !== 'process') harden(exported);
  return exported;
}

/** An error no case caught, or the harness's deadline, while a case runs. */
let interrupt = null;

// /proc refused (paths judged as the kernel reads them), no signals, uncaught errors the harness's alone.
const checkPath = guardFiles(fs, realpath);
guardFiles(fs.promises, realpath);
guardProcess(process, (err) => uncaught(err), checkPath);
// What reaches below the module system: gone before the sample exists.
for (const name of ['binding', '_linkedBinding', 'dlopen']) delete process[name];
lockdown([assertModule, AssertionError]);
Object.freeze(fs.promises);
Object.freeze(fs);
lockNodeGlobals();
lockGlobal('console', lockedConsole);
// For scripts written as CommonJS (`const assert = require('node:assert')`, `module.exports = ...`).
const scriptModule = { exports: {} };
lockGlobal('require', sampleRequire);
Object.defineProperty(globalThis, 'module', { value: scriptModule, writable: true, configurable: true });
Object.defineProperty(globalThis, 'exports', { value: scriptModule.exports, writable: true, configurable: true });

/** Checks of the running case that ran (the host wraps each assert and console.assert of the tests in this). */
let checks = 0;
function countCheck(value) {
  checks += 1;
  return value;
}

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
    const body = compileFunction(`'use strict'; ${sources[role]}\n;return { ${found.join(', ')} };`, [CHECK_COUNTER], { filename });
    return body(countCheck);
  }
  const module = { exports: {} };
  const body = compileFunction(sources[role], ['exports', 'require', 'module', '__filename', '__dirname', CHECK_COUNTER], { filename });
  body.call(module.exports, module.exports, sampleRequire, module, filename, process.cwd(), role === 'tests' ? countCheck : undefined);
  return module.exports;
}

// ------------------------------------------------------------------ cases

let running = null;
let caseStarted = 0;

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

/** Calls `then` of a real Promise, the harness's own, never one the sample put on it. */
function subscribe(promise, onValue, onError) {
  Reflect.apply(promiseThen, promise, [onValue, onError]);
}

/** A real Promise's value, boxed so that no thenable in it is adopted on the way. */
function settled(promise) {
  return new Promise((resolve, reject) => subscribe(promise, (value) => resolve({ value }), reject));
}

async function runCase(name, fn) {
  running = name;
  caseStarted = now();
  failures = [];
  checks = 0;
  send({ ev: 'start', case: name });
  const outcome = await new Promise((resolve) => {
    interrupt = resolve;
    const run = (async () => {
      await fn();
      return ['pass', ''];
    })();
    subscribe(run, resolve, (err) => {
      if (verdicts.has(err)) return resolve(verdicts.get(err));
      printStack(name, err);
      return resolve(describe(err));
    });
  });
  interrupt = null;
  let [status, message] = outcome;
  if (status === 'pass' && failures.length > 0) [status, message] = ['fail', failures.slice(0, 5).join('; ')];
  if (status === 'pass' && checks === 0 && checkedTests.has(name)) {
    [status, message] = ['fail', `${name} ran none of its checks: its asserts are in code that was never called (a callback of a promise that never settled, or a function it returned); await what you check`];
  }
  end(status, message);
  return status;
}

/** The harness's own verdicts on a case, thrown as errors no sample can make (it never sees them). */
const verdicts = new WeakMap();

/** What a returned value says: null when it is no outcome, or why the test did not pass. */
function returned(value, how) {
  if (typeof value === 'function') return ['error', `the test ${how} a function: a test runs its checks, it does not hand them back to be called`];
  if (value !== null && typeof value === 'object' && typeof value.then === 'function') {
    return ['error', `the test ${how} a thenable that is not a Promise: its then() is not trusted to run the checks; return a real Promise or use async/await`];
  }
  if (value === false) return ['fail', `the test ${how} false`];
  return null;
}

/**
 * A test's return value: a real Promise is awaited (with the harness's `then`), a generator run to its end (its
 * asserts are in there); what they give, like the value itself, must not be a function, a thenable or false.
 */
async function finish(result) {
  let value = result;
  let how = 'returned';
  if (isPromise(result)) {
    ({ value } = await settled(result));
    how = 'returned a Promise that resolved to';
  } else if (isGeneratorObject(result)) {
    if (typeof result[Symbol.asyncIterator] === 'function') {
      for await (const _ of result) {
        // run to the end
      }
    } else {
      for (const _ of result) {
        // run to the end
      }
    }
    return;
  }
  const verdict = returned(value, how);
  if (verdict) {
    const err = new Error(verdict[1]);
    verdicts.set(err, verdict);
    throw err;
  }
}

let timedOut = false;
const deadline = startTimer(() => {
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
stopTimer(deadline);
send({ ev: 'done', timedOut });
// Stray handles of the sample (timers, sockets) must not keep the job open, nor run after the report; and no
// 'exit' listener of the sample runs after it either.
reallyExit(0);
