// Python: `solution.py` and `tests.py`. The harness puts the solution's names into the tests' namespace, runs
// `test*` functions (and `Test*` classes) as cases, or the whole file as one case `<module>` when it has none.
// pyflakes and the tests run in one job: the linter starts in milliseconds.
import { grammarParser, flatText, mentionedNames, position, requireGrammar, syntaxDiagnostics, type SyntaxNode } from './tree-sitter.ts';
import { testsCallSolution } from './shared.ts';
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

function parse(sample: SampleSource): ParsedSample {
  const solution = parsePython(sample.code);
  const tests = parsePython(sample.tests);
  const points = entryPoints(solution.rootNode);
  // `import solution` then `solution.f()` counts as calling the solution too.
  const mentioned = mentionedNames(tests, ['identifier']);
  const called = points.filter((p) => p.kind !== 'method' && mentioned.has(p.name)).map((p) => p.name);
  const diagnostics = [...syntaxDiagnostics(solution, FILES.solution), ...syntaxDiagnostics(tests, FILES.tests)];
  if (diagnostics.length === 0) diagnostics.push(...testsCallSolution(points, called, mentioned.has('solution'), FILES.tests));
  return {
    diagnostics,
    entryPoints: points,
    testNames: testNames(tests.rootNode),
    calledEntryPoints: called,
    files: { solution: sample.code, tests: sample.tests },
  };
}

export const python: Language = {
  name: 'python',
  image: 'python',
  fileNames: FILES,
  lintMode: 'with-tests',
  harness: { test: ['python3', '-I', '/opt/flywheel/harness/run.py'] },
  parse,
  testFiles: (parsed) => ({ files: { [FILES.solution]: parsed.files.solution, [FILES.tests]: parsed.files.tests }, ...FILES }),
};
