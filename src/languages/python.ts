// Python: `solution.py` and `tests.py`. The harness puts the solution's names into the tests' namespace, runs
// `test*` functions (and `Test*` classes) as cases, or the whole file as one case `<module>` when it has none.
// pyflakes and the tests run in one job: the linter starts in milliseconds.
import { LANGUAGES } from './registry.ts';
import { duplicateTests, testsCallSolution } from './shared.ts';
import { pythonTamper } from './tamper-python.ts';
import { grammarParser, flatText, mentionedNames, position, requireGrammar, syntaxDiagnostics, type SyntaxNode, type Tree } from './tree-sitter.ts';
import type { EntryPoint, Language, ParsedSample, SampleSource } from './types.ts';

const parsePython = grammarParser(() => requireGrammar('tree-sitter-python'));
const FILES = { solution: 'solution.py', tests: 'tests.py' } as const;

/** A definition with its decorators stripped: `@cache def f` is `def f`. */
function definition(node: SyntaxNode): SyntaxNode {
  return node.type === 'decorated_definition' ? (node.childForFieldName('definition') ?? node) : node;
}

function signature(fn: SyntaxNode): string {
  const name = fn.childForFieldName('name')?.text ?? '';
  const returns = fn.childForFieldName('return_type');
  return `${name}${flatText(fn.childForFieldName('parameters'))}${returns ? ` -> ${flatText(returns)}` : ''}`;
}

function entryPoints(root: SyntaxNode): EntryPoint[] {
  const out: EntryPoint[] = [];
  for (const child of root.namedChildren) {
    const def = definition(child);
    const name = def.childForFieldName('name')?.text;
    if (!name) continue;
    if (def.type === 'function_definition') {
      out.push({ name, kind: 'function', signature: signature(def), line: position(def).line });
    } else if (def.type === 'class_definition') {
      out.push({ name, kind: 'class', signature: `class ${name}${flatText(def.childForFieldName('superclasses'))}`, line: position(def).line });
      // LeetCode style: `class Solution: def twoSum(self, ...)`.
      for (const member of def.childForFieldName('body')?.namedChildren ?? []) {
        const method = definition(member);
        const methodName = method.childForFieldName('name')?.text;
        if (method.type === 'function_definition' && methodName && !methodName.startsWith('__')) {
          out.push({ name: `${name}.${methodName}`, kind: 'method', signature: signature(method), line: position(method).line });
        }
      }
    }
  }
  return out;
}

function testNames(root: SyntaxNode): string[] {
  const out: string[] = [];
  for (const child of root.namedChildren) {
    const def = definition(child);
    const name = def.childForFieldName('name')?.text ?? '';
    if (def.type === 'function_definition' && name.startsWith('test')) out.push(name);
    if (def.type === 'class_definition' && name.startsWith('Test')) {
      for (const member of def.childForFieldName('body')?.namedChildren ?? []) {
        const methodName = definition(member).childForFieldName('name')?.text ?? '';
        if (definition(member).type === 'function_definition' && methodName.startsWith('test')) out.push(`${name}.${methodName}`);
      }
    }
  }
  return out;
}

/** `check(candidate)` defined at the tests' top level and never called there: HumanEval's test as published. */
function uncalledCheck(root: SyntaxNode): boolean {
  const defines = root.namedChildren.some((n) => definition(n).type === 'function_definition' && definition(n).childForFieldName('name')?.text === 'check');
  const calls = root.namedChildren.some((n) => n.type !== 'function_definition' && n.type !== 'decorated_definition' && n.type !== 'class_definition'
    && n.descendantsOfType('call').some((c) => c.childForFieldName('function')?.text === 'check'));
  return defines && !calls;
}

/**
 * The tests as they run. HumanEval publishes `check(candidate)` without the call the reference harness appends
 * (`check(entry_point)`): the host appends it too, for the entry point the sample names, or the solution's one
 * function when it defines only one.
 */
function withCheckCall(sample: SampleSource, tests: Tree, points: EntryPoint[]): string | null {
  if (!uncalledCheck(tests.rootNode)) return null;
  const functions = [...new Set(points.filter((p) => p.kind === 'function').map((p) => p.name))];
  const entry = sample.entryPoint ?? (functions.length === 1 ? functions[0] : undefined);
  if (entry === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(entry)) return null;
  return `${sample.tests}${sample.tests.endsWith('\n') ? '' : '\n'}\n\ncheck(${entry})\n`;
}

function parse(sample: SampleSource): ParsedSample {
  const solution = parsePython(sample.code);
  const points = entryPoints(solution.rootNode);
  const original = parsePython(sample.tests);
  const completed = withCheckCall(sample, original, points);
  const testsText = completed ?? sample.tests;
  const tests = completed === null ? original : parsePython(testsText);
  // `import solution` then `solution.f()` counts as calling the solution too.
  const mentioned = mentionedNames(tests, ['identifier']);
  const called = points.filter((p) => p.kind !== 'method' && mentioned.has(p.name)).map((p) => p.name);
  const names = testNames(tests.rootNode);
  const diagnostics = [...syntaxDiagnostics(solution, FILES.solution), ...syntaxDiagnostics(tests, FILES.tests)];
  if (diagnostics.length === 0) {
    const missingCall = uncalledCheck(tests.rootNode) ? ': they define check(candidate) but never call it (give the entry point, as HumanEval\'s entry_point)' : '';
    diagnostics.push(
      ...testsCallSolution(points, called, mentioned.has('solution'), FILES.tests, missingCall),
      ...duplicateTests(names, FILES.tests),
      ...pythonTamper(solution, FILES.solution),
      ...pythonTamper(tests, FILES.tests),
    );
  }
  return {
    diagnostics,
    entryPoints: points,
    testNames: names,
    calledEntryPoints: called,
    files: { solution: sample.code, tests: testsText },
    harness: {},
  };
}

export const python: Language = {
  name: 'python',
  image: LANGUAGES.python.image,
  fileNames: FILES,
  lintMode: 'service',
  harness: { test: ['python3', '-I', '/opt/flywheel/harness/run.py'], lint: ['python3', '-I', '/opt/flywheel/harness/lint-server.py'] },
  parse,
  testFiles: (parsed) => ({ files: { [FILES.solution]: parsed.files.solution, [FILES.tests]: parsed.files.tests }, ...FILES }),
};
