// PHP: `solution.php` and `tests.php`, both starting with `<?php` (or with no tag at all, as MultiPL-E publishes
// its tests). The harness requires the solution, evaluates the tests in a scope of their own, runs the `test*`
// functions the host found as cases (or the whole file as `<module>`); the tests it gets are rewritten so that
// their comparisons and asserts go through the harness (php-rewrite.ts). `php -l` and the static checks run in
// the same job.
import { testsAsRun } from './php-rewrite.ts';
import { LANGUAGES } from './registry.ts';
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

/**
 * The tests' top level runs in a function scope of its own, so its variables are no globals the solution could
 * read: a `global` in the tests then reaches nothing they set, or, declared at their top level too, hands their
 * data to the solution. Either way it is refused, with the reason.
 */
function testsGlobals(tests: Tree): Diagnostic[] {
  return tests.rootNode.descendantsOfType('global_declaration').slice(0, 5).map((node) => ({
    stage: 'lint', severity: 'error', file: FILES.tests, ...position(node), rule: 'flywheel:tests-global',
    message: `${flatText(node)}: the tests' top level runs in a scope of its own, so its variables are not globals; give the test functions their data another way (a function of the tests that returns it)`,
  }));
}

/** Functions and classes (lower-case) and constants (as written) a file declares, at any depth. */
function declared(root: SyntaxNode): { callables: Set<string>; constants: Set<string> } {
  const callables = new Set<string>();
  const constants = new Set<string>();
  for (const node of root.descendantsOfType(['function_definition', 'class_declaration', 'interface_declaration', 'trait_declaration', 'enum_declaration'])) {
    const name = node.childForFieldName('name')?.text;
    if (name) callables.add(name.toLowerCase());
  }
  // Class constants are reached through their class.
  const inClasses = new Set(root.descendantsOfType(['declaration_list', 'enum_declaration_list']).flatMap((body) => body.namedChildren.map((n) => n.id)));
  for (const declaration of root.descendantsOfType('const_declaration')) {
    if (inClasses.has(declaration.id)) continue;
    for (const element of declaration.namedChildren.filter((n) => n.type === 'const_element')) {
      const name = element.namedChildren.find((n) => n.type === 'name')?.text;
      if (name) constants.add(name);
    }
  }
  for (const call of root.descendantsOfType('function_call_expression')) {
    if (!/^\\?define$/i.test(call.childForFieldName('function')?.text ?? '')) continue;
    const first = call.childForFieldName('arguments')?.namedChildren[0]?.namedChildren[0];
    if (first && ['string', 'encapsed_string'].includes(first.type)) constants.add(first.text.slice(1, -1));
  }
  return { callables, constants };
}

/** Parents under which a name is a declaration, a member, a label or a variable, not a use of a global name. */
const NOT_A_USE = new Set([
  'variable_name', 'member_access_expression', 'nullsafe_member_access_expression', 'member_call_expression', 'nullsafe_member_call_expression',
  'function_definition', 'method_declaration', 'class_declaration', 'interface_declaration', 'trait_declaration', 'enum_declaration',
  'enum_case', 'const_element', 'named_label_statement', 'goto_statement', 'namespace_definition', 'namespace_name', 'qualified_name',
  'namespace_use_clause', 'namespace_aliasing_clause', 'declare_directive',
]);

function usesName(node: SyntaxNode, parent: SyntaxNode | null): boolean {
  if (!parent || NOT_A_USE.has(parent.type)) return false;
  switch (parent.type) {
    case 'scoped_call_expression':
    case 'scoped_property_access_expression':
      return parent.childForFieldName('scope')?.id === node.id;
    case 'class_constant_access_expression':
      return parent.namedChild(0)?.id === node.id;
    case 'argument':
      return parent.childForFieldName('name')?.id !== node.id;
    default:
      return true;
  }
}

/**
 * The solution is loaded before the tests and must stand on its own: a function, class or constant only the
 * tests declare, used by the solution, is the tests' data (their expected answers) read by the code under test.
 */
function solutionUsesTests(solution: Tree, tests: Tree): Diagnostic[] {
  const theirs = declared(tests.rootNode);
  const own = declared(solution.rootNode);
  const found = new Map<string, Diagnostic>();
  // Iterative, parents carried along: node.parent walks down from the root, too slow on a deep tree.
  const stack: [SyntaxNode, SyntaxNode | null][] = [[solution.rootNode, null]];
  while (stack.length > 0 && found.size < 5) {
    const [node, parent] = stack.pop() as [SyntaxNode, SyntaxNode | null];
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (child) stack.push([child, node]);
    }
    if ((node.type !== 'name' && node.type !== 'qualified_name') || !usesName(node, parent)) continue;
    const name = node.text.replace(/^\\/, '');
    const lower = name.toLowerCase();
    const callable = theirs.callables.has(lower) && !own.callables.has(lower);
    if (found.has(name) || !(callable || (theirs.constants.has(name) && !own.constants.has(name)))) continue;
    found.set(name, {
      stage: 'lint', severity: 'error', file: FILES.solution, ...position(node), rule: 'flywheel:solution-uses-tests',
      message: `the solution uses ${name}, which only the tests declare: the solution is loaded first and must work on its own`,
    });
  }
  return [...found.values()];
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
    diagnostics.push(
      ...testsCallSolution(points, called, false, FILES.tests), ...testsGlobals(tests), ...solutionUsesTests(solution, tests),
      ...phpTamper(solution, FILES.solution), ...phpTamper(tests, FILES.tests),
    );
  }
  const testNames = functions(tests.rootNode)
    .map((fn) => fn.childForFieldName('name')?.text ?? '')
    .filter((name) => name.toLowerCase().startsWith('test'));
  return { diagnostics, entryPoints: points, testNames, calledEntryPoints: called, files: { solution: code, tests: testsText }, harness: {} };
}

/**
 * The interpreter's settings, fixed on the command line: assertions on and throwing, FFI off, Reflection off,
 * files outside the job's directory and the harness unopenable (/proc/self/mem among them), no arguments in any
 * stack trace (the harness's frames hold what decides a case), and disabled the functions that could switch
 * assertions off, run code after the report, start a process, walk the stack or list what the tests declared
 * (the harness needs none of them).
 */
const SETTINGS = [
  'zend.assertions=1', 'assert.exception=1', 'display_errors=stderr', 'log_errors=0', 'error_reporting=-1', 'ffi.enable=0',
  'zend.exception_ignore_args=1', 'open_basedir=/sandbox/:/opt/flywheel/harness/',
  `disable_functions=${[
    'ini_set', 'ini_alter', 'ini_restore', 'assert_options', 'register_shutdown_function', 'register_tick_function',
    'set_include_path', 'dl', 'putenv', 'exec', 'shell_exec', 'system', 'passthru', 'proc_open', 'popen', 'proc_nice',
    'proc_terminate', 'pcntl_fork', 'pcntl_exec', 'pcntl_signal', 'pcntl_alarm', 'posix_kill', 'posix_setuid', 'posix_mkfifo',
    'debug_backtrace', 'debug_print_backtrace', 'get_defined_constants', 'get_defined_functions', 'get_declared_classes',
  ].join(',')}`,
  `disable_classes=${[
    'ReflectionClass', 'ReflectionObject', 'ReflectionMethod', 'ReflectionFunction', 'ReflectionProperty', 'ReflectionClassConstant',
    'ReflectionParameter', 'ReflectionGenerator', 'ReflectionReference', 'ReflectionFiber', 'ReflectionEnum', 'ReflectionEnumUnitCase',
    'ReflectionEnumBackedCase', 'ReflectionExtension', 'ReflectionZendExtension',
  ].join(',')}`,
];

export const php: Language = {
  name: 'php',
  image: LANGUAGES.php.image,
  fileNames: FILES,
  lintMode: 'with-tests',
  harness: { test: ['php', ...SETTINGS.flatMap((s) => ['-d', s]), '/opt/flywheel/harness/run.php'] },
  parse,
  testFiles: (parsed) => ({
    files: { [FILES.solution]: parsed.files.solution, [FILES.tests]: testsAsRun(parsed.files.tests, parsePhp(parsed.files.tests)) },
    ...FILES,
  }),
};
