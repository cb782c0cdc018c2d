// What TypeScript and JavaScript share: ES modules. The solution's named exports are what the tests may call;
// the host appends to the tests an import of those they use (imports are hoisted, so appending keeps every
// line number) and an export of their test functions (so the harness can call them, and no-unused-vars is
// quiet about them). An import of the solution the tests wrote themselves is pointed at `./solution.js`.
import { flatText, position, syntaxDiagnostics, type SyntaxNode, type Tree } from './tree-sitter.ts';
import { testsCallSolution } from './shared.ts';
import type { Diagnostic, EntryPoint, Language, LanguageName, ParsedSample, SampleSource, TestFiles } from './types.ts';

const DECLARATIONS = new Set([
  'function_declaration', 'generator_function_declaration', 'class_declaration', 'abstract_class_declaration',
  'lexical_declaration', 'variable_declaration', 'interface_declaration', 'type_alias_declaration',
  'enum_declaration', 'function_signature',
]);
const CALLABLE = new Set(['function_declaration', 'generator_function_declaration', 'class_declaration', 'abstract_class_declaration', 'lexical_declaration', 'variable_declaration', 'function_signature']);
const SOLUTION_SPECIFIER = /^(\.\/)?solution(\.(ts|js|mjs|mts))?$/;
const MENTION_TYPES = ['identifier', 'type_identifier', 'shorthand_property_identifier'];

interface Declared {
  name: string;
  node: SyntaxNode;
  /** The declaration (function, class, variable declarator...). */
  kind: string;
}

/** Names a top-level declaration binds (all of a destructuring pattern's). */
function declaredNames(decl: SyntaxNode): Declared[] {
  if (decl.type === 'lexical_declaration' || decl.type === 'variable_declaration') {
    return decl.namedChildren
      .filter((d) => d.type === 'variable_declarator')
      .flatMap((d) => {
        const name = d.childForFieldName('name');
        if (!name) return [];
        if (name.type === 'identifier') return [{ name: name.text, node: d, kind: decl.type }];
        return name.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern']).map((n) => ({ name: n.text, node: d, kind: decl.type }));
      });
  }
  const name = decl.childForFieldName('name');
  return name ? [{ name: name.text, node: decl, kind: decl.type }] : [];
}

function insideImport(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'import_statement') return true;
  return false;
}

/**
 * What an import binds: `d` of `import d`, `ns` of `import * as ns`, `b` of `import { a as b }` (locals), and
 * the exported names it takes (`a`).
 */
function importBindings(clause: SyntaxNode): { locals: string[]; imported: string[] } {
  const locals: string[] = [];
  const imported: string[] = [];
  for (const n of clause.namedChildren) {
    if (n.type === 'identifier') locals.push(n.text);
    if (n.type === 'namespace_import') locals.push(...n.namedChildren.filter((id) => id.type === 'identifier').map((id) => id.text));
    if (n.type !== 'named_imports') continue;
    for (const spec of n.namedChildren.filter((x) => x.type === 'import_specifier')) {
      const name = spec.childForFieldName('name')?.text;
      if (!name) continue;
      imported.push(name);
      locals.push(spec.childForFieldName('alias')?.text ?? name);
    }
  }
  return { locals, imported };
}

interface ModuleShape {
  /** Top-level declarations by name, whether exported or not. */
  declared: Map<string, Declared>;
  /** Exported name -> local declaration name. */
  exports: Map<string, string>;
  imports: { node: SyntaxNode; source: SyntaxNode; locals: string[]; imported: string[] }[];
}

function moduleShape(root: SyntaxNode): ModuleShape {
  const declared = new Map<string, Declared>();
  const exports = new Map<string, string>();
  const imports: ModuleShape['imports'] = [];
  for (const child of root.namedChildren) {
    if (child.type === 'import_statement') {
      const source = child.childForFieldName('source');
      const clause = child.namedChildren.find((n) => n.type === 'import_clause');
      if (source) imports.push({ node: child, source, ...(clause ? importBindings(clause) : { locals: [], imported: [] }) });
      continue;
    }
    const exported = child.type === 'export_statement';
    const decl = exported ? child.childForFieldName('declaration') : child;
    if (decl && DECLARATIONS.has(decl.type)) {
      for (const d of declaredNames(decl)) {
        if (!declared.has(d.name)) declared.set(d.name, d);
        if (exported) exports.set(d.name, d.name);
      }
    }
    if (exported) {
      for (const spec of child.descendantsOfType('export_specifier')) {
        const local = spec.childForFieldName('name')?.text;
        if (local) exports.set(spec.childForFieldName('alias')?.text ?? local, local);
      }
    }
  }
  return { declared, exports, imports };
}

function signatureOf(d: Declared): string {
  const node = d.node;
  if (node.type.includes('class')) return `class ${d.name}`;
  const fn = node.type === 'variable_declarator' ? node.childForFieldName('value') : node;
  if (!fn || !['function_declaration', 'generator_function_declaration', 'function_signature', 'method_definition', 'arrow_function', 'function_expression', 'function'].includes(fn.type)) {
    const type = node.childForFieldName('type');
    return `${d.name}${type ? flatText(type) : ''}`;
  }
  const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  const returns = fn.childForFieldName('return_type');
  return `${d.name}${params?.type === 'identifier' ? `(${params.text})` : flatText(params)}${returns ? flatText(returns) : ''}`;
}

function entryPoints(shape: ModuleShape): EntryPoint[] {
  const out: EntryPoint[] = [];
  for (const [exported, local] of shape.exports) {
    const d = shape.declared.get(local);
    if (!d || !CALLABLE.has(d.kind) && d.kind !== 'variable_declarator') continue;
    const kind = d.kind.includes('class') ? 'class' : 'function';
    out.push({ name: exported, kind, signature: signatureOf({ ...d, name: exported }), line: position(d.node).line });
    if (kind === 'class') {
      for (const method of d.node.descendantsOfType('method_definition')) {
        const name = method.childForFieldName('name')?.text;
        if (name && name !== 'constructor') out.push({ name: `${exported}.${name}`, kind: 'method', signature: signatureOf({ name, node: method, kind: 'function_declaration' }), line: position(method).line });
      }
    }
  }
  // Overloads declare one name several times; keep the first.
  return out.filter((p, i) => out.findIndex((q) => q.name === p.name) === i).sort((a, b) => a.line - b.line);
}

function testFunctions(root: SyntaxNode): { name: string; exported: boolean }[] {
  const out: { name: string; exported: boolean }[] = [];
  for (const child of root.namedChildren) {
    const exported = child.type === 'export_statement';
    const decl = exported ? child.childForFieldName('declaration') : child;
    if (!decl) continue;
    for (const d of declaredNames(decl)) {
      const value = d.node.type === 'variable_declarator' ? d.node.childForFieldName('value')?.type ?? '' : d.kind;
      const isFunction = /function|arrow/.test(value);
      if (isFunction && d.name.startsWith('test')) out.push({ name: d.name, exported });
    }
  }
  return out;
}

export interface EsLanguageSpec {
  name: Extract<LanguageName, 'typescript' | 'javascript'>;
  extension: 'ts' | 'js';
  parseSource: (source: string) => Tree;
  /** Makes the test job's JavaScript; absent when the sources already are JavaScript. */
  compile?: (source: string, fileName: string) => string;
}

export function esLanguage(spec: EsLanguageSpec): Language {
  const files = { solution: `solution.${spec.extension}`, tests: `tests.${spec.extension}` } as const;

  function parse(sample: SampleSource): ParsedSample {
    const solutionTree = spec.parseSource(sample.code);
    const testsTree = spec.parseSource(sample.tests);
    const solution = moduleShape(solutionTree.rootNode);
    const tests = moduleShape(testsTree.rootNode);
    // Names inside import statements are bindings, not uses: `import { f as g }` uses neither f nor g yet.
    const mentioned = new Set(
      testsTree.rootNode.descendantsOfType(MENTION_TYPES as string[]).filter((n) => !insideImport(n)).map((n) => n.text),
    );
    const testsDeclare = new Set([...tests.declared.keys(), ...tests.imports.flatMap((i) => i.locals)]);
    const solutionImports = tests.imports.filter((i) => SOLUTION_SPECIFIER.test(i.source.text.slice(1, -1)));

    const inject = [...solution.exports.keys()].filter((name) => mentioned.has(name) && !testsDeclare.has(name));
    const points = entryPoints(solution);
    const called = points.filter((p) => p.kind !== 'method' && (mentioned.has(p.name) || solutionImports.some((i) => i.imported.includes(p.name)))).map((p) => p.name);

    const diagnostics: Diagnostic[] = [...syntaxDiagnostics(solutionTree, files.solution), ...syntaxDiagnostics(testsTree, files.tests)];
    if (diagnostics.length === 0) {
      const exportedLocals = new Set(solution.exports.values());
      for (const [name, d] of solution.declared) {
        if (exportedLocals.has(name) || !mentioned.has(name) || testsDeclare.has(name)) continue;
        diagnostics.push({
          stage: 'lint', severity: 'error', file: files.solution, ...position(d.node), rule: 'flywheel:not-exported',
          message: `the tests use ${name}, which ${files.solution} defines without \`export\``,
        });
      }
      diagnostics.push(...testsCallSolution(points, called, solutionImports.length > 0, files.tests));
    }

    // Rewrites go from the end of the text backwards so earlier offsets stay valid.
    let testsText = sample.tests;
    for (const imp of [...solutionImports].reverse()) {
      const quote = imp.source.text[0] ?? "'";
      testsText = `${testsText.slice(0, imp.source.startIndex)}${quote}./solution.js${quote}${testsText.slice(imp.source.endIndex)}`;
    }
    const tail: string[] = [];
    if (inject.length > 0) tail.push(`import { ${inject.join(', ')} } from './solution.js';`);
    const toExport = testFunctions(testsTree.rootNode).filter((t) => !t.exported).map((t) => t.name);
    if (toExport.length > 0) tail.push(`export { ${toExport.join(', ')} };`);
    if (tail.length > 0) testsText = `${testsText}${testsText.endsWith('\n') ? '' : '\n'}${tail.join('\n')}\n`;

    return {
      diagnostics,
      entryPoints: points,
      testNames: testFunctions(testsTree.rootNode).map((t) => t.name),
      calledEntryPoints: called,
      files: { solution: sample.code, tests: testsText },
    };
  }

  function testFiles(parsed: ParsedSample): TestFiles {
    const compile = spec.compile;
    // Node 18 reads .js as CommonJS unless the package says otherwise.
    const base = { 'package.json': '{"type":"module"}\n' };
    if (!compile) return { files: { ...base, [files.solution]: parsed.files.solution, [files.tests]: parsed.files.tests }, ...files };
    return {
      files: { ...base, 'solution.js': compile(parsed.files.solution, files.solution), 'tests.js': compile(parsed.files.tests, files.tests) },
      solution: 'solution.js',
      tests: 'tests.js',
    };
  }

  return {
    name: spec.name,
    image: 'node',
    fileNames: files,
    lintMode: 'batched',
    harness: { test: ['node', '/opt/flywheel/harness/test.mjs'], lint: ['node', '/opt/flywheel/harness/lint.mjs'] },
    parse,
    testFiles,
  };
}
