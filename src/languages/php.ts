// PHP: `solution.php` and `tests.php`, both starting with `<?php` (or with no tag at all, as MultiPL-E publishes
// its tests). The harness requires the solution for the tests, runs the `test*` functions the host found as
// cases (or the whole file as `<module>`), with zend.assertions=1 and assert.exception=1 so a failed assert()
// throws. `php -l` and the static checks run in the same job.
import { testsCallSolution } from './shared.ts';
import { phpTamper } from './tamper-php.ts';
import { grammarParser, flatText, mentionedNames, position, requireGrammar, syntaxDiagnostics, type SyntaxNode, type Tree } from './tree-sitter.ts';
import type { Diagnostic, EntryPoint, Language, ParsedSample, SampleSource } from './types.ts';

const parsePhp = grammarParser(() => (requireGrammar('tree-sitter-php') as { php: unknown }).php);
const FILES = { solution: 'solution.php', tests: 'tests.php' } as const;

function signature(fn: SyntaxNode): string {
  const returns = fn.childForFieldName('return_type');
  return `function ${fn.childForFieldName('name')?.text ?? ''}${flatText(fn.childForFieldName('parameters'))}${returns ? `: ${flatText(returns)}` : ''}`;
}

/** Functions may sit inside top-level blocks (`if (!function_exists('f')) { function f() ... }`). */
function functions(root: SyntaxNode): SyntaxNode[] {
  return root.descendantsOfType('function_definition');
}

function entryPoints(root: SyntaxNode): EntryPoint[] {
  const out: EntryPoint[] = [];
  for (const fn of functions(root)) {
    const name = fn.childForFieldName('name')?.text;
    if (name) out.push({ name, kind: 'function', signature: signature(fn), line: position(fn).line });
  }
  for (const cls of root.descendantsOfType('class_declaration')) {
    const name = cls.childForFieldName('name')?.text;
    if (!name) continue;
    out.push({ name, kind: 'class', signature: `class ${name}`, line: position(cls).line });
    for (const method of cls.descendantsOfType('method_declaration')) {
      const methodName = method.childForFieldName('name')?.text;
      if (methodName && !methodName.startsWith('__')) {
        out.push({ name: `${name}::${methodName}`, kind: 'method', signature: signature(method), line: position(method).line });
      }
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

/**
 * Text before `<?php` would be printed. A file with no tag at all is taken as PHP code: MultiPL-E's PHP tests
 * are published without one (its program is prompt + completion + tests, and only the prompt opens the tag).
 */
function phpTagDiagnostics(tree: Tree, file: string): Diagnostic[] {
  const first = tree.rootNode.namedChildren[0];
  if (first?.type === 'php_tag') return [];
  return [{
    stage: 'parse', severity: 'error', file, line: 1, column: 1, rule: 'tree-sitter:php-tag',
    message: 'text before the opening <?php tag would be printed: the file must start with <?php',
  }];
}

/** The file as PHP runs it: one without any `<?php` gets it prepended on its first line (line numbers hold). */
function withTag(source: string): string {
  return /<\?php/i.test(source) ? source : `<?php ${source}`;
}

function parse(sample: SampleSource): ParsedSample {
  const code = withTag(sample.code);
  const testsText = withTag(sample.tests);
  const solution = parsePhp(code);
  const tests = parsePhp(testsText);
  const points = entryPoints(solution.rootNode);
  // Function and class names are case-insensitive in PHP, and a callable may be a string: check('gcd').
  const mentioned = new Set([...mentionedNames(tests, ['name', 'string_content'])].map((n) => n.toLowerCase()));
  const called = points.filter((p) => p.kind !== 'method' && mentioned.has(p.name.toLowerCase())).map((p) => p.name);
  const diagnostics = [
    ...phpTagDiagnostics(solution, FILES.solution),
    ...syntaxDiagnostics(solution, FILES.solution),
    ...phpTagDiagnostics(tests, FILES.tests),
    ...syntaxDiagnostics(tests, FILES.tests),
  ];
  if (diagnostics.length === 0) {
    diagnostics.push(...testsCallSolution(points, called, false, FILES.tests), ...phpTamper(solution, FILES.solution), ...phpTamper(tests, FILES.tests));
  }
  const testNames = functions(tests.rootNode)
    .map((fn) => fn.childForFieldName('name')?.text ?? '')
    .filter((name) => name.toLowerCase().startsWith('test'));
  return { diagnostics, entryPoints: points, testNames, calledEntryPoints: called, files: { solution: code, tests: testsText }, harness: {} };
}

/**
 * The interpreter's settings, fixed on the command line: assertions on and throwing, FFI off, Reflection off,
 * files outside the job's directory and the harness unopenable (/proc/self/mem among them), and disabled the
 * functions that could switch assertions off, run code after the report or start a process (the harness needs
 * none of them).
 */
const SETTINGS = [
  'zend.assertions=1', 'assert.exception=1', 'display_errors=stderr', 'log_errors=0', 'error_reporting=-1', 'ffi.enable=0',
  'open_basedir=/sandbox/:/opt/flywheel/harness/',
  `disable_functions=${[
    'ini_set', 'ini_alter', 'ini_restore', 'assert_options', 'register_shutdown_function', 'register_tick_function',
    'set_include_path', 'dl', 'putenv', 'exec', 'shell_exec', 'system', 'passthru', 'proc_open', 'popen', 'proc_nice',
    'proc_terminate', 'pcntl_fork', 'pcntl_exec', 'pcntl_signal', 'pcntl_alarm', 'posix_kill', 'posix_setuid', 'posix_mkfifo',
  ].join(',')}`,
  `disable_classes=${[
    'ReflectionClass', 'ReflectionObject', 'ReflectionMethod', 'ReflectionFunction', 'ReflectionProperty', 'ReflectionClassConstant',
    'ReflectionParameter', 'ReflectionGenerator', 'ReflectionReference', 'ReflectionFiber', 'ReflectionEnum', 'ReflectionEnumUnitCase',
    'ReflectionEnumBackedCase', 'ReflectionExtension', 'ReflectionZendExtension',
  ].join(',')}`,
];

/** Comparisons the tests' copy that runs has rewritten (see withComparisonsChecked). */
const COMPARISONS = new Set(['==', '!=', '<>', '===', '!==', '<', '>', '<=', '>=']);

/**
 * The tests as they run: the comparison an assert() makes becomes `\flywheel_check(a, 'op', b)` (which keeps
 * both sides for the message), and every other `==`/`!=` becomes `\flywheel_eq` (PHP's `==` without its bool and
 * null juggling, so that a solution returning `true` does not equal every truthy expected value). Lines and
 * columns before each comparison stay where they were.
 */
function withComparisonsChecked(source: string, tree: Tree): string {
  const rewrite = (node: SyntaxNode): string => {
    let out = '';
    let at = node.startIndex;
    for (const child of node.children) {
      out += source.slice(at, child.startIndex) + rewrite(child);
      at = child.endIndex;
    }
    out += source.slice(at, node.endIndex);
    if (node.type !== 'binary_expression') return out;
    const op = node.childForFieldName('operator')?.text ?? '';
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!COMPARISONS.has(op) || !left || !right) return out;
    const [l, r] = [rewrite(left), rewrite(right)];
    const argument = node.parent?.type === 'argument' ? node.parent : null;
    const call = argument?.parent?.parent;
    const inAssert = call?.type === 'function_call_expression' && /^\\?assert$/i.test(call.childForFieldName('function')?.text ?? '')
      && argument?.parent?.namedChildren[0]?.id === argument?.id;
    if (inAssert) return `\\flywheel_check(${l}, '${op}', ${r})`;
    if (op === '==') return `\\flywheel_eq(${l}, ${r})`;
    if (op === '!=' || op === '<>') return `!\\flywheel_eq(${l}, ${r})`;
    return out;
  };
  return rewrite(tree.rootNode);
}

export const php: Language = {
  name: 'php',
  image: 'php',
  fileNames: FILES,
  lintMode: 'with-tests',
  harness: { test: ['php', ...SETTINGS.flatMap((s) => ['-d', s]), '/opt/flywheel/harness/run.php'] },
  parse,
  testFiles: (parsed) => ({
    files: { [FILES.solution]: parsed.files.solution, [FILES.tests]: withComparisonsChecked(parsed.files.tests, parsePhp(parsed.files.tests)) },
    ...FILES,
  }),
};
