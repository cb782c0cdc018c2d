// Flywheel's resident linter for TypeScript and JavaScript samples. The runner (runner/service.py) starts it
// once per container: loading the compiler and ESLint costs seconds, a sample after that some tens of ms.
// Protocol: `{"ready":true}` once warm, then one answer line `{"records":[...]}` per request line
// `{"args":[job file],"files":{name: text}}`. No sample code runs, and nothing a sample names is read from
// disk: tsc sees the two files in a virtual directory beside the library's .d.ts files, ESLint lints strings.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

// Every byte on stdout is protocol: whatever else would print there (a library's console.log) goes to stderr.
const send = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

const startedAt = Date.now();
const here = path.dirname(fileURLToPath(import.meta.url));
// Taken before anything loads: what Node itself defines is what a sample may use without declaring it.
const NODE_GLOBALS = Object.getOwnPropertyNames(globalThis);
const MESSAGE_LIMIT = 2000;
const FINDING_LIMIT = 200;
const SAMPLE_DIR = '/sample';
const SHIM = '/flywheel/node-shim.d.ts';
const FILE_NAME = /^[\w-][\w.-]*$/;
const COLLECT_AT = 160 * 2 ** 20;

// The runner holds this process to RLIMIT_DATA (448 MiB), which V8 does not know of. Under Node 18 two things
// outgrow it within a few hundred requests and kill the server mid-request: TurboFan's compilation memory
// (outside the heap) and the heap itself, sized by the machine's memory so garbage piles up. So no optimising
// compiler (the baseline tiers lint as fast here), and a full collection between requests once the heap holds
// COLLECT_AT or twice what the last one kept (some 70 ms, every few dozen requests).
v8.setFlagsFromString('--no-opt');
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc');
let collectAt = COLLECT_AT;
function collectGarbage() {
  if (process.memoryUsage().heapUsed < collectAt) return;
  collect();
  collectAt = Math.max(COLLECT_AT, 2 * process.memoryUsage().heapUsed);
}

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

const ts = load('typescript');
const { Linter } = load('eslint');
const js = load('@eslint/js');
const tsRecommended = load('typescript-eslint').configs.recommended;

// ---- tsc over a virtual file system ----

const LIB_DIR = path.dirname(ts.getDefaultLibFilePath({}));
const LIB_FILE = /^lib\.[\w.]+\.d\.ts$/;
const shimText = readFileSync(path.join(here, 'node-shim.d.ts'), 'utf8');
const sharedTexts = new Map([[SHIM, shimText]]);
const sharedFiles = new Map();

// MultiPL-E's harness runs `tsc --target esnext` (not strict) and fails on any error; strict is checked too,
// and what only it reports is style. ESNext only, without the DOM: the samples run under Node.
const BASE_OPTIONS = {
  noEmit: true,
  target: ts.ScriptTarget.ESNext,
  lib: ['lib.esnext.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  esModuleInterop: true,
  skipLibCheck: true,
  types: [],
  // No looking for @typescript/lib-* packages: the libraries are the compiler's own.
  libReplacement: false,
};
const STRICT = { ...BASE_OPTIONS, strict: true };
const LOOSE = { ...BASE_OPTIONS, strict: false };

/** The text of the shim or of one of the compiler's lib files; nothing else on disk is ever read. */
function sharedText(fileName) {
  if (sharedTexts.has(fileName)) return sharedTexts.get(fileName);
  if (path.dirname(fileName) !== LIB_DIR || !LIB_FILE.test(path.basename(fileName))) return undefined;
  let text;
  try {
    text = readFileSync(fileName, 'utf8');
  } catch {
    return undefined;
  }
  sharedTexts.set(fileName, text);
  return text;
}

/** Library files are parsed and bound once and shared by every program (declaration files bind the same either way). */
function sharedFile(fileName, languageVersion) {
  if (!sharedFiles.has(fileName)) {
    const text = sharedText(fileName);
    if (text === undefined) return undefined;
    sharedFiles.set(fileName, ts.createSourceFile(fileName, text, languageVersion));
  }
  return sharedFiles.get(fileName);
}

/** A compiler host that knows the sample's files (path -> text), the shim and the libs, and nothing else. */
function compilerHost(files) {
  const dirs = new Set([SAMPLE_DIR, LIB_DIR, path.dirname(SHIM)]);
  return {
    // Sample files are parsed per program: strict mode changes how a script binds.
    getSourceFile: (fileName, languageVersion) =>
      files.has(fileName) ? ts.createSourceFile(fileName, files.get(fileName), languageVersion) : sharedFile(fileName, languageVersion),
    getDefaultLibFileName: (options) => path.join(LIB_DIR, ts.getDefaultLibFileName(options)),
    getDefaultLibLocation: () => LIB_DIR,
    writeFile: () => {},
    getCurrentDirectory: () => SAMPLE_DIR,
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (fileName) => files.has(fileName) || sharedText(fileName) !== undefined,
    readFile: (fileName) => files.get(fileName) ?? sharedText(fileName),
    directoryExists: (dir) => dirs.has(dir.replace(/\/+$/, '')),
    getDirectories: () => [],
    realpath: (fileName) => fileName,
    getEnvironmentVariable: () => undefined,
  };
}

/**
 * The text with `@ts-` turned into `@ts_` (same length, so positions hold) where tsc reads its switches:
 * `@ts-nocheck` in the file's leading comments, `@ts-ignore` / `@ts-expect-error` in the comment directives
 * its scanner collects. A sample cannot switch the checker off.
 */
function neutralize(text, parsed) {
  const ranges = [...(ts.getLeadingCommentRanges(text, 0) ?? []), ...(parsed.commentDirectives ?? []).map((d) => d.range)];
  let out = text;
  // tsc matches pragma names in any case (@TS-NOCHECK too).
  for (const { pos, end } of ranges) out = out.slice(0, pos) + out.slice(pos, end).replace(/@ts-/gi, '@ts_') + out.slice(end);
  return out;
}

/** tsc's own order: syntax errors first; options, global and semantic errors only when there are none. */
function diagnosticsOf(files, options) {
  const program = ts.createProgram({ rootNames: [...files.keys(), SHIM], options, host: compilerHost(files) });
  const own = program.getSourceFiles().filter((sf) => files.has(sf.fileName));
  let diagnostics = own.flatMap((sf) => program.getSyntacticDiagnostics(sf));
  if (diagnostics.length === 0) diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  if (diagnostics.length === 0) diagnostics = own.flatMap((sf) => program.getSemanticDiagnostics(sf));
  return diagnostics
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => {
      const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
      return {
        file: d.file ? path.posix.basename(d.file.fileName) : null,
        line: pos.line + 1,
        column: pos.character + 1,
        tool: 'tsc',
        rule: `TS${d.code}`,
        message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
      };
    });
}

/** Errors of the non-strict program are `tsc`; those only `--strict` finds are `tsc-strict`. */
function typecheck(sources) {
  const files = new Map(sources.map((s) => [`${SAMPLE_DIR}/${s.name}`, neutralize(s.text, s.parsed)]));
  const strict = diagnosticsOf(files, STRICT);
  if (strict.length === 0) return [];
  const loose = diagnosticsOf(files, LOOSE);
  const key = (f) => `${f.rule}|${f.file}|${f.line}|${f.column}`;
  const looseKeys = new Set(loose.map(key));
  const strictOnly = strict.filter((f) => !looseKeys.has(key(f))).map((f) => ({ ...f, tool: 'tsc-strict' }));
  const order = (f) => (f.file === sources[0].name ? 0 : f.file === sources[1].name ? 1 : 2);
  return [...loose, ...strictOnly]
    .map((f) => ({ ...f, file: f.file ?? sources[0].name }))
    .sort((a, b) => order(a) - order(b) || a.line - b.line || a.column - b.column);
}

/** Names a file declares at its top level, imports included. */
function topLevelNames(sf) {
  const names = new Set();
  const bind = (name) => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const e of name.elements) if (!ts.isOmittedExpression(e)) bind(e.name);
  };
  for (const s of sf.statements) {
    if (ts.isVariableStatement(s)) s.declarationList.declarations.forEach((d) => bind(d.name));
    else if (ts.isImportDeclaration(s) && s.importClause) {
      const { name, namedBindings } = s.importClause;
      if (name) names.add(name.text);
      if (namedBindings && ts.isNamespaceImport(namedBindings)) names.add(namedBindings.name.text);
      else namedBindings?.elements.forEach((e) => names.add(e.name.text));
    } else if (s.name && ts.isIdentifier(s.name)) names.add(s.name.text);
  }
  return names;
}

// ---- ESLint ----

const linter = new Linter({ configType: 'flat', cwd: '/' });
const NODE_GLOBAL_CONFIG = Object.fromEntries([...NODE_GLOBALS, 'require', 'module', 'exports'].map((name) => [name, 'readonly']));
const UNUSED_RULE = { typescript: '@typescript-eslint/no-unused-vars', javascript: 'no-unused-vars' };

/**
 * Today's rule sets, with the sample's scope: Node's globals, and for the tests the solution's names. A script
 * solution's top-level names are what the tests use, so only its local variables count as unused.
 */
function eslintConfig(language, sourceType, extraGlobals, topLevelUsed) {
  const globals = { ...NODE_GLOBAL_CONFIG, ...Object.fromEntries(extraGlobals.map((name) => [name, 'readonly'])) };
  const own = {
    // In-file switches (`eslint-disable`, `/* global */`) have no effect.
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    languageOptions: { ecmaVersion: 'latest', sourceType, globals },
    ...(topLevelUsed ? { rules: { [UNUSED_RULE[language]]: ['error', { vars: 'local' }] } } : {}),
  };
  return language === 'typescript'
    ? [js.configs.recommended, ...tsRecommended, { files: ['**/*.ts'], ...own }]
    : [{ files: ['**/*.js'] }, js.configs.recommended, own];
}

function eslint(language, source, sourceType, extraGlobals, topLevelUsed) {
  // A fixed name per language, so the configuration always matches whatever the job calls the file.
  const filename = `${source.role}.${language === 'typescript' ? 'ts' : 'js'}`;
  const findings = [];
  for (const m of linter.verify(source.text, eslintConfig(language, sourceType, extraGlobals, topLevelUsed), { filename })) {
    // Notes that an inline switch had no effect: the host's tamper gate reports the switch itself.
    if (!m.ruleId && !m.fatal) continue;
    findings.push({ file: source.name, line: m.line ?? 1, column: m.column ?? 1, tool: 'eslint', rule: m.ruleId ?? 'parse', message: m.message });
  }
  return findings;
}

// ---- requests ----

function fail(message) {
  throw new Error(`bad request: ${message}`);
}

function readJob(request) {
  if (!request || typeof request !== 'object' || !request.files || typeof request.files !== 'object') fail('expected {"args": [...], "files": {...}}');
  const jobName = Array.isArray(request.args) && typeof request.args[0] === 'string' ? request.args[0] : 'flywheel-job.json';
  const jobText = request.files[jobName];
  if (typeof jobText !== 'string') fail(`no job file ${JSON.stringify(jobName)} among the files`);
  const job = JSON.parse(jobText);
  if (job?.language !== 'typescript' && job?.language !== 'javascript') fail(`unknown language ${JSON.stringify(job?.language)}`);
  if (!Array.isArray(job.errorRules) || !job.errorRules.every((r) => typeof r === 'string')) fail('errorRules must be a list of strings');
  const solutionGlobals = job.solutionGlobals ?? [];
  if (!Array.isArray(solutionGlobals) || !solutionGlobals.every((n) => typeof n === 'string')) fail('solutionGlobals must be a list of strings');
  const sources = ['solution', 'tests'].map((role) => {
    const name = job[role];
    if (typeof name !== 'string' || !FILE_NAME.test(name)) fail(`${role} must be a plain file name`);
    const text = request.files[name];
    if (typeof text !== 'string') fail(`no ${role} file ${JSON.stringify(name)} among the files`);
    // The parser's view of the file: its top-level import/export, declarations and tsc switches.
    const parsed = ts.createSourceFile(name, text, ts.ScriptTarget.ESNext, false);
    const script = typeof job.scripts?.[role] === 'boolean' ? job.scripts[role] : !ts.isExternalModule(parsed);
    return { role, name, text, parsed, script };
  });
  if (sources[0].name === sources[1].name) fail('solution and tests must be two files');
  return { language: job.language, errorRules: job.errorRules, solutionGlobals, sources };
}

function lint(job) {
  const [solution, tests] = job.sources;
  const testsOwn = topLevelNames(tests.parsed);
  const testsGlobals = job.solutionGlobals.filter((name) => !testsOwn.has(name));
  const findings = [
    ...(job.language === 'typescript' ? typecheck(job.sources) : []),
    ...eslint(job.language, solution, solution.script ? 'script' : 'module', [], solution.script),
    ...eslint(job.language, tests, tests.script ? 'script' : 'module', testsGlobals, false),
  ];
  const gated = findings.some((f) => isError(f, job.errorRules));
  return [
    ...findings.slice(0, FINDING_LIMIT).map((f) => ({ ev: 'finding', ...f, message: f.message.slice(0, MESSAGE_LIMIT) })),
    { ev: 'lint', gated },
  ];
}

/** A finding that fails the sample: the linter could not read it to the end. */
function gaveUp(message) {
  return [
    { ev: 'finding', file: 'solution', line: 1, column: 1, tool: 'flywheel', rule: 'too-deep', message },
    { ev: 'lint', gated: true },
  ];
}

// One request's time inside this server, counted from when the request arrives, once the server is ready (the
// runner's limit, 15 s, also counts a restart): a type-level bomb that neither overflows nor ends is stopped
// here and fails as the sample's, and the server serves the next request warm. FLYWHEEL_LINT_REQUEST_MS is for tests.
const REQUEST_LIMIT_MS = Number(process.env.FLYWHEEL_LINT_REQUEST_MS) > 0 ? Number(process.env.FLYWHEEL_LINT_REQUEST_MS) : 10000;
let requestLimitMs = Infinity;
const watchdog = vm.createContext({});

/** `fn()` under the request limit: vm's watchdog ends the synchronous run, whatever is running. */
function withinLimit(fn) {
  if (requestLimitMs === Infinity) return fn();
  watchdog.run = fn;
  try {
    return vm.runInContext('run()', watchdog, { timeout: requestLimitMs });
  } finally {
    watchdog.run = undefined;
  }
}

function answer(line) {
  let records;
  try {
    const request = JSON.parse(line);
    records = withinLimit(() => lint(readJob(request)));
  } catch (err) {
    if (err instanceof RangeError) {
      // A stack overflow (a program nested deeper than the parser's stack) or a string or array past V8's
      // limits (a template literal type doubled 28 times): no honest sample gets there, so it is the sample's failure.
      records = gaveUp(/call stack/.test(err.message)
        ? 'the sample is nested too deeply for the linter to read it'
        : `the sample makes the linter build something too large to hold (${err.message})`);
    } else if (err?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      records = gaveUp(`the type checker and linter did not finish this sample within ${requestLimitMs} ms`);
    } else {
      // A linter crash is ours, not the sample's: reported as such for this request, and the server goes on.
      records = [{ ev: 'crash', message: String(err?.stack ?? err).slice(0, MESSAGE_LIMIT) }];
    }
  }
  records.push({ ev: 'done', timedOut: false });
  return JSON.stringify({ records });
}

// ---- warm-up, then serve ----

function warmUpRequest(language, scripts, solution, tests) {
  const ext = language === 'typescript' ? 'ts' : 'js';
  const job = { language, solution: `solution.${ext}`, tests: `tests.${ext}`, errorRules: [`${language === 'typescript' ? 'tsc' : 'eslint'}:*`], scripts, solutionGlobals: ['add'] };
  return JSON.stringify({ args: ['flywheel-job.json'], files: { 'flywheel-job.json': JSON.stringify(job), [job.solution]: solution, [job.tests]: tests } });
}

// Both type-check passes (an implicit any), both source types, and switches that must not hold: the first
// real request pays no first-use costs, and a compiler that reads its switches elsewhere now fails here, not
// silently.
const WARM_UP = [
  warmUpRequest('typescript', { solution: false, tests: false }, 'export function add(a, b: number): number {\n  return a + b;\n}\n', "// @ts-nocheck\nimport assert from 'node:assert/strict';\nimport { add } from './solution.js';\n// @ts-ignore\nconst n: string = add(1, 2);\nassert.equal(n, 3);\n"),
  warmUpRequest('typescript', { solution: true, tests: true }, 'function add(a: number, b: number): number {\n  return a + b;\n}\n', "declare var require: any;\nconst assert = require('node:assert');\nfunction test() {\n  assert.deepEqual(add(1, 2), 3);\n}\n\ntest();\n"),
  warmUpRequest('javascript', { solution: true, tests: true }, 'const add = (a, b) => {\n  return a + b;\n};\n', 'const testAdd = () => {\n  console.assert(add(1, 2) === 3);\n};\ntestAdd();\n'),
  warmUpRequest('javascript', { solution: false, tests: false }, 'export function add(a, b) {\n  return a + b;\n}\n', "import assert from 'node:assert/strict';\nimport { add } from './solution.js';\nassert.equal(add(1, 2), 3);\n"),
];
for (const request of WARM_UP) {
  const { records } = JSON.parse(answer(request));
  if (records.some((r) => r.ev === 'crash')) throw new Error(`warm-up crashed: ${records[0].message}`);
  if (request === WARM_UP[0] && !records.some((r) => r.rule === 'TS2322')) throw new Error('warm-up: @ts-nocheck or @ts-ignore still silenced tsc');
}

requestLimitMs = REQUEST_LIMIT_MS;
send(`${JSON.stringify({ ready: true })}\n`);
process.stderr.write(`lint-server: ready in ${Date.now() - startedAt} ms\n`);
const input = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
input.on('line', (line) => {
  // A blank line asks nothing; answering it would put the answers one behind the requests.
  if (line.trim() === '') return;
  send(`${answer(line)}\n`);
  collectGarbage();
});
input.on('close', () => process.exit(0));
