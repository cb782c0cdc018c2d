// Flywheel linter for TypeScript and JavaScript samples: `tsc --strict` through the compiler API (TypeScript
// only), then ESLint, for a batch of samples in one process. Loading the compiler and ESLint costs seconds
// and each further sample some 100 ms, so samples are linted together; no sample code runs here.
//
// The job file (JSON) lists samples: [{ dir, language, solution, tests, errorRules }]; each sample's findings go
// to <dir>/flywheel-report.json as soon as it is done, so a batch cut short keeps what it finished.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const job = JSON.parse(readFileSync(process.argv[2] ?? 'flywheel-job.json', 'utf8'));

/** Packages come from the image (vendored next to the harness); a few global roots as fallbacks. */
function load(name) {
  const roots = [import.meta.url, '/opt/flywheel/node_modules/', '/usr/local/lib/node_modules/', '/usr/lib/node_modules/'];
  let lastError;
  for (const root of roots) {
    try {
      return createRequire(root.startsWith('file:') ? root : `${root}noop.js`)(name);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

/** Error rules are `tool:rule`, a trailing `*` matching any rule of that prefix. */
function isError(finding, errorRules) {
  const key = `${finding.tool}:${finding.rule}`;
  return errorRules.some((r) => (r.endsWith('*') ? key.startsWith(r.slice(0, -1)) : key === r));
}

function writeJson(file, data) {
  writeFileSync(`${file}.tmp`, JSON.stringify(data));
  renameSync(`${file}.tmp`, file);
}

const needsTs = job.samples.some((s) => s.language === 'typescript');
const ts = needsTs ? load('typescript') : null;
const { Linter } = load('eslint');
const js = load('@eslint/js');
const tsRecommended = needsTs ? load('typescript-eslint').configs.recommended : [];

const tsOptions = ts && {
  strict: true,
  noEmit: true,
  // The sandbox runs Node 18: ES2022 is what it has, so newer library calls are type errors, not runtime ones.
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  esModuleInterop: true,
  skipLibCheck: true,
  types: [],
};
const tsHost = ts && ts.createCompilerHost(tsOptions);
if (tsHost) {
  // The standard library's declaration files are parsed (and bound) once for the whole batch.
  const shared = new Map();
  const getSourceFile = tsHost.getSourceFile.bind(tsHost);
  tsHost.getSourceFile = (file, ...rest) => {
    if (!file.endsWith('.d.ts')) return getSourceFile(file, ...rest);
    if (!shared.has(file)) shared.set(file, getSourceFile(file, ...rest));
    return shared.get(file);
  };
}

function typecheck(sample) {
  const files = [sample.solution, sample.tests].map((f) => path.join(sample.dir, f));
  const program = ts.createProgram([...files, path.join(here, 'node-shim.d.ts')], tsOptions, tsHost);
  const findings = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    if (d.category !== ts.DiagnosticCategory.Error) continue;
    const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
    findings.push({
      file: d.file ? path.basename(d.file.fileName) : sample.solution,
      line: pos.line + 1,
      column: pos.character + 1,
      tool: 'tsc',
      rule: `TS${d.code}`,
      message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
    });
  }
  return findings;
}

// What Node itself defines is what a sample may use without declaring it.
const globals = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']));
const base = { languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals } };
const configs = {
  typescript: [js.configs.recommended, ...tsRecommended, { files: ['**/*.ts'], ...base }],
  javascript: [{ files: ['**/*.js'] }, js.configs.recommended, base],
};
const linter = new Linter({ configType: 'flat', cwd: process.cwd() });

function eslint(sample) {
  const findings = [];
  for (const file of [sample.solution, sample.tests]) {
    const code = readFileSync(path.join(sample.dir, file), 'utf8');
    for (const m of linter.verify(code, configs[sample.language], { filename: file })) {
      findings.push({ file, line: m.line ?? 1, column: m.column ?? 1, tool: 'eslint', rule: m.ruleId ?? 'parse', message: m.message });
    }
  }
  return findings;
}

for (const sample of job.samples) {
  const report = { version: 1, phase: 'lint', lint: [], gated: false, cases: [], running: null, done: true, timedOut: false };
  try {
    report.lint = [...(sample.language === 'typescript' ? typecheck(sample) : []), ...eslint(sample)];
    report.gated = report.lint.some((f) => isError(f, sample.errorRules));
  } catch (err) {
    // A linter crash is ours, not the sample's: reported as such, and the host answers `error`.
    report.crash = String(err?.stack ?? err);
  }
  writeJson(path.join(sample.dir, 'flywheel-report.json'), report);
}
