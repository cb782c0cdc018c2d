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
 * The interpreter's settings, fixed on the command line: assertions on and throwing, FFI off, and disabled the
 * functions that could switch assertions off at run time or run code after the report (the harness needs none).
 */
const SETTINGS = [
  'zend.assertions=1', 'assert.exception=1', 'display_errors=stderr', 'log_errors=0', 'error_reporting=-1', 'ffi.enable=0',
  'disable_functions=ini_set,ini_alter,ini_restore,assert_options,register_shutdown_function,register_tick_function,set_include_path,dl,putenv,pcntl_fork,pcntl_exec,pcntl_signal,pcntl_alarm,posix_kill,posix_setuid',
];

export const php: Language = {
  name: 'php',
  image: 'php',
  fileNames: FILES,
  lintMode: 'with-tests',
  harness: { test: ['php', ...SETTINGS.flatMap((s) => ['-d', s]), '/opt/flywheel/harness/run.php'] },
  parse,
  testFiles: (parsed) => ({ files: { [FILES.solution]: parsed.files.solution, [FILES.tests]: parsed.files.tests }, ...FILES }),
};
