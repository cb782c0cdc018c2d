// Flywheel test runner for TypeScript and JavaScript samples (already linted, and for TypeScript already
// compiled to JavaScript by the host): runs the tests case by case in a worker thread, so a busy loop can be
// stopped at the deadline. The report is rewritten after each case, so a run cut short still says what passed
// and what was running.
//
// The job file (JSON) names: solution, tests (the .js files), report, deadlineMs and testNames (the tests'
// test_* functions in source order, which the host has exported from the test module).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const started = Date.now();
const here = path.dirname(fileURLToPath(import.meta.url));
const job = JSON.parse(readFileSync(process.argv[2] ?? 'flywheel-job.json', 'utf8'));
const report = { version: 1, phase: 'test', lint: [], gated: false, cases: [], running: null, done: false, timedOut: false };
const MESSAGE_LIMIT = 2000;

function writeReport() {
  // Written whole and renamed into place: a kill mid-write leaves the previous report, never half of one.
  writeFileSync(`${job.report}.tmp`, JSON.stringify(report));
  renameSync(`${job.report}.tmp`, job.report);
}

function runTests() {
  return new Promise((resolve) => {
    const worker = new Worker(path.join(here, 'worker.mjs'), {
      workerData: { solution: job.solution, tests: job.tests, testNames: job.testNames ?? [] },
    });
    let caseStarted = Date.now();
    let finished = false;
    const endCase = (status, message) => {
      report.cases.push({ name: report.running, status, message: String(message).slice(0, MESSAGE_LIMIT), durationMs: Date.now() - caseStarted });
      report.running = null;
      writeReport();
    };
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      report.timedOut = true;
      if (report.running !== null) endCase('error', 'timed out: the time limit was reached while this case ran');
      void worker.terminate().then(finish);
    }, Math.max(50, job.deadlineMs - (Date.now() - started)));
    worker.on('message', (msg) => {
      if (msg.type === 'start') {
        report.running = msg.name;
        caseStarted = Date.now();
        writeReport();
      } else if (msg.type === 'end') {
        endCase(msg.status, msg.message);
      } else if (msg.type === 'drop') {
        // Loading the solution, and the module body of a file with test functions, are not cases of their own.
        report.cases = report.cases.filter((c) => c.name !== msg.name);
        writeReport();
      }
    });
    worker.on('error', (err) => {
      // An error no case caught, e.g. a promise rejected after its test had returned.
      const message = `${err?.name ?? 'Error'}: ${err?.message ?? err}`;
      if (report.running !== null) endCase('error', message);
      else report.cases.push({ name: '<unhandled>', status: 'error', message: message.slice(0, MESSAGE_LIMIT), durationMs: 0 });
      process.stderr.write(`--- unhandled\n${err?.stack ?? err}\n`);
    });
    worker.on('exit', (code) => {
      if (report.running !== null && !report.timedOut) endCase('error', `the test run ended early (process.exit(${code}) was called)`);
      finish();
    });
  });
}

writeReport();
await runTests();
report.done = true;
writeReport();
// Stray handles of the sample (timers, sockets) must not keep the job open.
process.exit(0);
