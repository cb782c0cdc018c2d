import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ecmaTamper } from '../../src/languages/tamper-ecmascript.ts';
import { FoldLimit } from '../../src/languages/tamper-ecmascript-names.ts';
import { phpTamper } from '../../src/languages/tamper-php.ts';
import { pythonTamper } from '../../src/languages/tamper-python.ts';
import { grammarParser, requireGrammar, type Tree } from '../../src/languages/tree-sitter.ts';
import type { Diagnostic } from '../../src/languages/types.ts';

const parsePhp = grammarParser(() => (requireGrammar('tree-sitter-php') as { php: unknown }).php);
const parseTs = grammarParser(() => (requireGrammar('tree-sitter-typescript') as { typescript: unknown }).typescript);
const parseJs = grammarParser(() => requireGrammar('tree-sitter-javascript'));
const parsePython = grammarParser(() => requireGrammar('tree-sitter-python'));

/** A case: the source, then the findings it must give, as [rule without `flywheel:`, line]. */
type Case = [source: string, ...expected: [rule: string, line: number][]];

function found(diagnostics: Diagnostic[]): [string, number][] {
  return diagnostics.map((d) => [(d.rule ?? '').replace(/^flywheel:/, ''), d.line ?? 0]);
}

function parsed(parse: (source: string) => Tree, source: string): Tree {
  const tree = parse(source);
  assert.equal(tree.rootNode.hasError, false, `the case does not parse:\n${source}`);
  return tree;
}

function checkPhp(cases: Case[]): void {
  for (const [source, ...expected] of cases) {
    assert.deepEqual(found(phpTamper(parsed(parsePhp, source), 'solution.php')), expected, source);
  }
}

/** Runs each case through both grammars (TypeScript's only when `tsOnly`). */
function checkEs(cases: Case[], tsOnly = false): void {
  for (const [source, ...expected] of cases) {
    assert.deepEqual(found(ecmaTamper(parsed(parseTs, source), 'tests.ts')), expected, `typescript:\n${source}`);
    if (!tsOnly) assert.deepEqual(found(ecmaTamper(parsed(parseJs, source), 'tests.js')), expected, `javascript:\n${source}`);
  }
}

describe('the PHP tamper gate', () => {
  it('flags exit and die in every form, posix_kill, pcntl_* and proc_terminate as tamper-exit', () => {
    checkPhp([
      ['<?php\nexit(0);\n', ['tamper-exit', 2]],
      ['<?php\nfunction f() {\n    exit;\n}\n', ['tamper-exit', 3]],
      ['<?php\n$ok = true;\n$ok or die("failed");\n', ['tamper-exit', 3]],
      ['<?php\nif (true) { Die; }\n', ['tamper-exit', 2]],
      ['<?php\n\\EXIT(1);\n', ['tamper-exit', 2]],
      ['<?php\n$f = fn() => exit(3);\n', ['tamper-exit', 2]],
      ['<?php\nposix_kill(posix_getpid(), 9);\n', ['tamper-exit', 2]],
      ['<?php\n\\pcntl_signal(14, fn() => null);\n', ['tamper-exit', 2]],
      ['<?php\nPCNTL_ALARM(1);\n', ['tamper-exit', 2]],
      ['<?php\nproc_terminate($proc);\n', ['tamper-exit', 2]],
    ]);
  });

  it('flags shutdown and tick functions, declare(ticks) and exception handlers as tamper-exit-hook', () => {
    checkPhp([
      ['<?php\nregister_shutdown_function(function () { echo "all passed"; });\n', ['tamper-exit-hook', 2]],
      ['<?php\nregister_tick_function(\'check\');\n', ['tamper-exit-hook', 2]],
      ['<?php\ndeclare(ticks=1);\n', ['tamper-exit-hook', 2]],
      ['<?php\nset_exception_handler(fn($e) => null);\n', ['tamper-exit-hook', 2]],
    ]);
  });

  it('flags run-time changes of settings, include path, extensions and environment as tamper-ini', () => {
    checkPhp([
      ['<?php\nini_set(\'zend.assertions\', \'0\');\n', ['tamper-ini', 2]],
      ['<?php\nini_alter(\'assert.exception\', \'0\');\n', ['tamper-ini', 2]],
      ['<?php\nini_restore(\'assert.exception\');\n', ['tamper-ini', 2]],
      ['<?php\nassert_options(ASSERT_ACTIVE, 0);\n', ['tamper-ini', 2]],
      ['<?php\nset_include_path(\'/tmp\');\n', ['tamper-ini', 2]],
      ['<?php\ndl(\'ext.so\');\n', ['tamper-ini', 2]],
      ['<?php\nputenv(\'TZ=UTC\');\n', ['tamper-ini', 2]],
    ]);
  });

  it('flags a function named assert, in any case and any namespace, as tamper-assert', () => {
    checkPhp([
      ['<?php\nfunction assert($condition) { return true; }\n', ['tamper-assert', 2]],
      ['<?php\nif (!function_exists(\'ASSERT\')) {\n    function ASSERT(...$args): void {}\n}\n', ['tamper-assert', 3]],
      ['<?php\nnamespace Tests;\n\nfunction Assert($x) {}\n', ['tamper-assert', 4]],
      ['<?php\nnamespace Tests;\nuse function Tests\\Helpers\\check as assert;\n', ['tamper-assert', 3]],
    ]);
  });

  it('flags $GLOBALS, backtraces, top-level get_defined_vars, Reflection, closure rebinding, FFI and /proc as tamper-introspection', () => {
    checkPhp([
      ['<?php\n$GLOBALS[\'expected\'] = [];\n', ['tamper-introspection', 2]],
      ['<?php\n$frames = debug_backtrace();\n', ['tamper-introspection', 2]],
      ['<?php\ndebug_print_backtrace();\n', ['tamper-introspection', 2]],
      ['<?php\n$all = get_defined_vars();\n', ['tamper-introspection', 2]],
      ['<?php\n$r = new ReflectionClass(\'Solution\');\n', ['tamper-introspection', 2]],
      ['<?php\n$m = \\ReflectionMethod::createFromMethodName(\'A::b\');\n', ['tamper-introspection', 2]],
      ['<?php\nclass Spy extends ReflectionProperty {}\n', ['tamper-introspection', 2]],
      ['<?php\n$peek = Closure::bind(function () { return $this->secret; }, $o, Vault::class);\n', ['tamper-introspection', 2]],
      ['<?php\n$peek = call_user_func([Closure::class, \'bind\'], $reader, null, $cls);\n', ['tamper-introspection', 2]],
      ['<?php\n$peek = call_user_func_array([\'\\\\Closure\', "bindTo"], $args);\n', ['tamper-introspection', 2]],
      ['<?php\n$g = $f->bindTo($runner);\n', ['tamper-introspection', 2]],
      ['<?php\n$f?->call($runner);\n', ['tamper-introspection', 2]],
      ['<?php\n$ffi = FFI::cdef(\'int getpid(void);\');\n', ['tamper-introspection', 2]],
      ['<?php\n$maps = file_get_contents(\'/proc/self/maps\');\n', ['tamper-introspection', 2]],
      ['<?php\n$path = "/pro\\x63/self/fd";\n', ['tamper-introspection', 2]],
      ['<?php\n$class = \'Reflection\' . \'Class\';\n', ['tamper-introspection', 2]],
    ]);
  });

  it('flags the harness\'s names and php://fd as tamper-harness', () => {
    checkPhp([
      ['<?php\nFlywheelHarness::$cases = [];\n', ['tamper-harness', 2]],
      ['<?php\n$dump = print_r(flywheel_main(...), true);\n', ['tamper-harness', 2]],
      ['<?php\n$f = \'\\\\Flywheel_Tally\';\n', ['tamper-harness', 2]],
      ['<?php\nfunction flywheel_check($a, $op, $b) { return true; }\n', ['tamper-harness', 2]],
      ['<?php\n$h = new \\flywheelharness();\n', ['tamper-harness', 2]],
      ['<?php\nif (class_exists(\'FlywheelHarness\')) {}\n', ['tamper-harness', 2]],
      ['<?php\nfile_put_contents(\'php://fd/3\', \'{"status":"pass"}\');\n', ['tamper-harness', 2]],
      ['<?php\n$channel = <<<EOT\nPHP://FD/{$n}\nEOT;\n', ['tamper-harness', 2]],
    ]);
  });

  it('reads a 40000-term sum and a 20000-literal concatenation without recursion', () => {
    const sum = `<?php\n$x = f(${Array.from({ length: 40000 }, () => 'A').join(' + ')});\n`;
    assert.deepEqual(found(phpTamper(parsed(parsePhp, sum), 'tests.php')), []);
    const concat = `<?php\n$p = ${Array.from({ length: 20000 }, (_, i) => (i === 5 ? "'/pr' . 'oc/'" : "'a'")).join(' . ')};\n`;
    assert.deepEqual(found(phpTamper(parsed(parsePhp, concat), 'tests.php')), [['tamper-introspection', 2]]);
  });

  it('sees through use aliases, case, leading backslashes and functions named by strings', () => {
    checkPhp([
      ['<?php\nuse function posix_kill as stop;\nstop(1, 9);\n', ['tamper-exit', 3]],
      ['<?php\nuse ReflectionObject as Mirror;\n$m = new Mirror($x);\n', ['tamper-introspection', 3]],
      ['<?php\n\\Ini_Set(\'display_errors\', \'0\');\n', ['tamper-ini', 2]],
      ['<?php\ncall_user_func(\'posix_kill\', 1, 9);\n', ['tamper-exit', 2]],
      ['<?php\n$f = \'ini_\' . \'set\';\n$f(\'zend.assertions\', \'0\');\n', ['tamper-ini', 2]],
      ['<?php\narray_map(\'\\\\register_shutdown_function\', [$f]);\n', ['tamper-exit-hook', 2]],
    ]);
  });

  it('passes ordinary solutions and tests whose names only look like tampering', () => {
    checkPhp([[
      [
        '<?php',
        'declare(strict_types=1);',
        '',
        'function exit_code(int $status): string { return $status === 0 ? "exit" : "die"; }',
        'function test_exit(): void { assert(exit_code(0) === "exit", "exit is the word for 0"); }',
        '$x = "exit";',
        '$items = new ArrayObject([1, 2]);',
        'class Maze {',
        '    const DIE = 6;',
        '    public function exit(): array { return [0, 0]; }',
        '    public function assert(bool $ok): void {}',
        '}',
        '$maze = new Maze();',
        '$door = $maze->exit();',
        '$faces = Maze::DIE;',
        'function locals(int $a): array { return get_defined_vars(); }',
        'function assertEquals(mixed $a, mixed $b): void { assert($a === $b); }',
        'function counter(): int { global $count; return ++$count; }',
        '$in = fopen("php://stdin", "r");',
        '$buffer = fopen("php://memory", "w+");',
        '$word = "Reflection";',
        '$path = "/home/proc";',
        'enum Cell { case Exit; case Wall; }',
        '$cell = Cell::Exit;',
        'function f(int $exit): int { return $exit; }',
        'f(exit: 1);',
        'assert(count($items) === 2);',
        '',
      ].join('\n'),
    ]]);
  });
});

describe('the JavaScript and TypeScript tamper gate', () => {
  it('flags process.exit, abort, kill, reallyExit and writes to process.exitCode as tamper-exit', () => {
    checkEs([
      ['process.exit(1);\n', ['tamper-exit', 1]],
      ['function f() {\n  process[\'exit\'](0);\n}\n', ['tamper-exit', 2]],
      ['const { exit } = process;\nexit(0);\n', ['tamper-exit', 2]],
      ['globalThis.process.abort();\n', ['tamper-exit', 1]],
      ['process.kill(process.pid, \'SIGKILL\');\n', ['tamper-exit', 1]],
      ['process.reallyExit(0);\n', ['tamper-exit', 1]],
      ['process.exitCode = 0;\n', ['tamper-exit', 1]],
      ['import proc from \'node:process\';\nproc.exit(0);\n', ['tamper-exit', 2]],
    ]);
    checkEs([['(process as any).exit(0);\n', ['tamper-exit', 1]]], true);
  });

  it('flags exit and uncaught-error listeners on process as tamper-exit-hook', () => {
    checkEs([
      ['process.on(\'exit\', () => { report(); });\n', ['tamper-exit-hook', 1]],
      ['process.once("uncaughtException", () => {});\n', ['tamper-exit-hook', 1]],
      ['process.prependListener(\'unhandledRejection\', f);\n', ['tamper-exit-hook', 1]],
      ['process.setUncaughtExceptionCaptureCallback(() => {});\n', ['tamper-exit-hook', 1]],
      ['const event = \'beforeExit\';\nprocess.addListener(event, f);\n', ['tamper-exit-hook', 2]],
    ]);
  });

  it('flags writes to built-ins, their members and prototypes, and to globals as tamper-builtins', () => {
    checkEs([
      ['Array.prototype.includes = () => true;\n', ['tamper-builtins', 1]],
      ['Object.prototype.equals = function () { return true; };\n', ['tamper-builtins', 1]],
      ['delete Array.prototype.sort;\n', ['tamper-builtins', 1]],
      ['Object.defineProperty(Number.prototype, \'toFixed\', { value: () => \'1\' });\n', ['tamper-builtins', 1]],
      ['JSON.stringify = () => \'[]\';\n', ['tamper-builtins', 1]],
      ['Math.abs ??= (x) => x;\n', ['tamper-builtins', 1]],
      ['globalThis.expected = [1, 2];\n', ['tamper-builtins', 1]],
      ['global.Map = class {};\n', ['tamper-builtins', 1]],
      ['Reflect.set(String.prototype, \'trim\', f);\n', ['tamper-builtins', 1]],
      ['Object.assign(Array.prototype, { last() { return 1; } });\n', ['tamper-builtins', 1]],
      ['Object.setPrototypeOf(Array.prototype, null);\n', ['tamper-builtins', 1]],
      ['[].__proto__.map = f;\n', ['tamper-builtins', 1]],
      ['Array[\'prototype\'][\'map\'] = f;\n', ['tamper-builtins', 1]],
      ['const proto = Array.prototype;\nproto.push = f;\n', ['tamper-builtins', 2]],
      ['Promise = class {};\n', ['tamper-builtins', 1]],
      ['Error.prototype.toString = () => \'\';\n', ['tamper-builtins', 1]],
    ]);
  });

  it('flags the require cache, the Module class and loading by computed name as tamper-modules', () => {
    checkEs([
      ['require.cache[require.resolve(\'./solution\')] = { exports: {} };\n', ['tamper-modules', 1]],
      ['module.constructor._load = f;\n', ['tamper-modules', 1]],
      ['const Module = require(\'module\');\nModule._load = f;\n', ['tamper-modules', 2]],
      ['import Module from \'node:module\';\nModule.prototype.require = f;\n', ['tamper-modules', 2]],
      ['import { syncBuiltinESMExports } from \'node:module\';\nsyncBuiltinESMExports();\n', ['tamper-modules', 1], ['tamper-modules', 2]],
      ['const name = pick();\nconst m = require(name);\n', ['tamper-modules', 2]],
    ]);
  });

  it('flags writes to node:assert in every import form, to console.assert and to AssertionError as tamper-assert', () => {
    checkEs([
      ['import assert from \'node:assert\';\nassert.deepEqual = () => {};\n', ['tamper-assert', 2]],
      ['import * as a from \'assert/strict\';\nObject.assign(a, { equal() {} });\n', ['tamper-assert', 2]],
      ['import { strict as a } from \'assert\';\na.ok = () => {};\n', ['tamper-assert', 2]],
      ['import assert from \'node:assert/strict\';\n[assert.equal] = [() => {}];\n', ['tamper-assert', 2]],
      ['const assert = require(\'assert\');\nassert.strictEqual = () => {};\n', ['tamper-assert', 2]],
      ['const { AssertionError } = require(\'node:assert\');\nAssertionError.prototype.toString = f;\n', ['tamper-assert', 2]],
      ['console.assert = () => {};\n', ['tamper-assert', 1]],
    ]);
    checkEs([['import assert = require(\'assert\');\nassert.ok = f;\n', ['tamper-assert', 2]]], true);
  });

  it('flags linter and type-checker directives in comments as tamper-lint-switch', () => {
    const directives = [
      '// @ts-nocheck', '// @ts-ignore', '/* @ts-expect-error */', '/**\n * @ts-ignore\n */', '// eslint-disable-next-line no-undef',
      '/* eslint-disable */', '/* eslint-enable */', '/* eslint no-undef: "off" */', '/* global answer */', '/*globals answer*/',
      '/* eslint-env node */', '/* exported solve */',
    ];
    checkEs(directives.map((comment): Case => [`${comment}\nexport const x = 1;\n`, ['tamper-lint-switch', 1]]));
    checkEs([['export const x = f(); // eslint-disable-line\n', ['tamper-lint-switch', 1]]]);
  });

  it('flags worker threads, engine bindings, v8 and inspector, /proc and the harness\'s names as tamper-harness', () => {
    checkEs([
      ['import { parentPort } from \'node:worker_threads\';\n', ['tamper-harness', 1]],
      ['const { Worker } = require(\'worker_threads\');\n', ['tamper-harness', 1]],
      ['parentPort.postMessage({ type: \'end\', status: \'pass\' });\n', ['tamper-harness', 1]],
      ['process.binding(\'fs\');\n', ['tamper-harness', 1]],
      ['process._linkedBinding(\'x\');\n', ['tamper-harness', 1]],
      ['process.dlopen(m, \'x.node\');\n', ['tamper-harness', 1]],
      ['internalBinding(\'errors\');\n', ['tamper-harness', 1]],
      ['import v8 from \'v8\';\n', ['tamper-harness', 1]],
      ['const inspector = await import(\'node:inspector\');\n', ['tamper-harness', 1]],
      ['const flags = require(\'v8\');\nflags.setFlagsFromString(\'--allow-natives-syntax\');\n', ['tamper-harness', 1], ['tamper-harness', 2]],
      ['const status = readFileSync(\'/proc/self/status\', \'utf8\');\n', ['tamper-harness', 1]],
      ['const dir = \'/pr\' + \'oc/\' + pid;\n', ['tamper-harness', 1]],
      ['const mem = \'/pro\\x63/1/mem\';\n', ['tamper-harness', 1]],
      ['const channel = globalThis.__flywheelChannel;\n', ['tamper-harness', 1]],
    ]);
  });

  it('folds each constant once, and gives up past its budget rather than building megabytes', () => {
    // Doubling through const bindings: each binding is folded once, so 16 doublings cost their length, not 2^16 folds.
    const doubled = ["const p0 = '/pr';", ...Array.from({ length: 16 }, (_, i) => `const p${i + 1} = p${i} + p${i};`), "const path = p0 + 'oc/' + pid;", ''].join('\n');
    assert.deepEqual(found(ecmaTamper(parsed(parseJs, doubled), 'solution.js')), [['tamper-harness', 18]]);
    const blowUp = ["const s0 = 'abcdefghijklmnopqrstuvwxyz0123456789';", ...Array.from({ length: 20 }, (_, i) => `const s${i + 1} = s${i} + s${i};`), 'const all = s20 + s20;', ''].join('\n');
    assert.throws(() => ecmaTamper(parsed(parseJs, blowUp), 'solution.js'), FoldLimit);
  });

  it('resolves names through scopes: a parameter or local named like a built-in is the file\'s own', () => {
    checkEs([
      ['function check(assert) {\n  assert.ok = true;\n}\n'],
      ['function run(process) {\n  process.exit(0);\n}\n'],
      ['{\n  const Array = class {};\n  Array.prototype.x = 1;\n}\n'],
      ['{\n  const process = { exit() {} };\n}\nprocess.exit(0);\n', ['tamper-exit', 4]],
    ]);
    checkEs([['declare const process: any;\nprocess.exit(0);\n', ['tamper-exit', 2]]], true);
  });

  it('passes ordinary solutions and tests whose code only looks like tampering', () => {
    const solution = [
      'export function twoSum(nums, target) {',
      '  const seen = new Map();',
      '  for (let i = 0; i < nums.length; i++) {',
      '    const j = seen.get(target - nums[i]);',
      '    if (j !== undefined) return [j, i];',
      '    seen.set(nums[i], i);',
      '  }',
      '  return [];',
      '}',
      'class ListNode {',
      '  constructor(val, next = null) { this.val = val; this.next = next; }',
      '}',
      'ListNode.prototype.toString = function () { return String(this.val); };',
      'class ValidationError extends Error {',
      '  constructor(message) { super(message); Object.setPrototypeOf(this, ValidationError.prototype); }',
      '}',
      'const config = Object.freeze({ size: 3 });',
      'const merged = Object.assign({}, config, { size: 4 });',
      'const memo = {};',
      'memo[\'key\'] = 1;',
      'delete memo.key;',
      'const grid = [[0]];',
      'grid.__proto__ = Array.prototype;',
      'const exit = { row: 0, col: 0 };',
      'export function schedule(process) { return process.length; }',
      'export const words = \'the exit is at /home/proc\'.split(\' \');',
      '// use eslint to check this',
      '// global maximum so far',
      '/* the eslint config lives in eslint.config.js */',
      '// @ts-check is how JavaScript files opt in',
      'console.log(twoSum([2, 7, 11, 15], 9), exit, merged, words);',
      'process.stdout.write(\'done\\n\');',
      'if (require.main === module) { console.log(twoSum([3, 3], 6)); }',
      '',
    ].join('\n');
    const tests = [
      'import assert from \'node:assert/strict\';',
      'import { twoSum } from \'./solution.js\';',
      'function test_pair() {',
      '  assert.deepEqual(twoSum([2, 7, 11, 15], 9), [0, 1]);',
      '  assert.throws(() => JSON.parse(\'\'), SyntaxError);',
      '}',
      'function test_prints() {',
      '  const lines = [];',
      '  const original = console.log;',
      '  console.log = (line) => lines.push(line);',
      '  try { twoSum([1], 1); } finally { console.log = original; }',
      '  assert.equal(lines.length, 0);',
      '}',
      'function test_shuffle() {',
      '  const random = Math.random;',
      '  Math.random = () => 0.5;',
      '  Math.random = random;',
      '}',
      'const { deepEqual } = require(\'node:assert\');',
      'deepEqual(twoSum([3, 3], 6), [0, 1]);',
      'test_pair();',
      'test_prints();',
      'test_shuffle();',
      '',
    ].join('\n');
    checkEs([[solution], [tests]]);
  });
});

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BANK_FILES = /^(solution\.py|test_solution\.py|solution\.php|test_solution\.php|solution\.ts|solution\.test\.ts)$/;

/** Solution and test files of the stand-in bank (flawed attempts and revisions too) and of the check fixtures. */
function corpus(): string[] {
  const files: string[] = [];
  const bank = path.join(ROOT, 'standin/bank');
  for (const problem of readdirSync(bank, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const dir = path.join(bank, problem.name);
    files.push(...readdirSync(dir).filter((f) => BANK_FILES.test(f)).map((f) => path.join(dir, f)));
    const flawed = path.join(dir, 'flawed');
    if (existsSync(flawed)) files.push(...readdirSync(flawed).filter((f) => /\.(py|php|ts|js)$/.test(f)).map((f) => path.join(flawed, f)));
  }
  const fixtures = path.join(ROOT, 'test/checks/fixtures');
  for (const fixture of readdirSync(fixtures, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const dir = path.join(fixtures, fixture.name);
    files.push(...readdirSync(dir).filter((f) => /\.(py|php|ts|js)$/.test(f)).map((f) => path.join(dir, f)));
  }
  return files;
}

describe('the tamper gates on known-good data', () => {
  it('find nothing in any solution or test of the stand-in bank and the check fixtures', () => {
    const files = corpus();
    assert.ok(files.length > 300, `only ${files.length} files found`);
    const findings: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const name = path.relative(ROOT, file);
      const diagnostics = file.endsWith('.py') ? pythonTamper(parsePython(source), name)
        : file.endsWith('.php') ? phpTamper(parsePhp(source), name)
          : ecmaTamper((file.endsWith('.js') ? parseJs : parseTs)(source), name);
      findings.push(...diagnostics.map((d) => `${name}:${d.line} ${d.rule} ${d.message}`));
    }
    assert.deepEqual(findings, []);
  });
});
