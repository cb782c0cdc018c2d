// PHP: `solution.php` and `tests.php`, both starting with `<?php`. The harness requires the solution for the
// tests, runs `test*` functions as cases (or the whole file as `<module>`), with zend.assertions=1 and
// assert.exception=1 so a failed assert() throws. `php -l` and the static checks run in the same job.
import { grammarParser, flatText, mentionedNames, position, requireGrammar, syntaxDiagnostics, type SyntaxNode, type Tree } from './tree-sitter.ts';
import { testsCallSolution } from './shared.ts';
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

/** Text before `<?php` is echoed, and a file without the tag is all text: neither defines anything. */
function phpTagDiagnostics(tree: Tree, file: string): Diagnostic[] {
  const first = tree.rootNode.namedChildren[0];
  if (first?.type === 'php_tag') return [];
  const hasTag = tree.rootNode.namedChildren.some((n) => n.type === 'php_tag');
  return [{
    stage: 'parse', severity: 'error', file, line: 1, column: 1, rule: 'tree-sitter:php-tag',
    message: hasTag ? 'text before the opening <?php tag would be printed: the file must start with <?php' : 'the file has no <?php tag, so PHP reads all of it as text to print',
  }];
}

function parse(sample: SampleSource): ParsedSample {
  const solution = parsePhp(sample.code);
  const tests = parsePhp(sample.tests);
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
  if (diagnostics.length === 0) diagnostics.push(...testsCallSolution(points, called, false, FILES.tests));
  const testNames = functions(tests.rootNode)
    .map((fn) => fn.childForFieldName('name')?.text ?? '')
    .filter((name) => name.toLowerCase().startsWith('test'));
  return { diagnostics, entryPoints: points, testNames, calledEntryPoints: called, files: { solution: sample.code, tests: sample.tests } };
}

export const php: Language = {
  name: 'php',
  image: 'php',
  fileNames: FILES,
  lintMode: 'with-tests',
  harness: {
    test: ['php', '-d', 'zend.assertions=1', '-d', 'assert.exception=1', '-d', 'display_errors=stderr', '-d', 'log_errors=0', '-d', 'error_reporting=-1', '/opt/flywheel/harness/run.php'],
  },
  parse,
  testFiles: (parsed) => ({ files: { [FILES.solution]: parsed.files.solution, [FILES.tests]: parsed.files.tests }, ...FILES }),
};
