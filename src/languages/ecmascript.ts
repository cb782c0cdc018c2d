// What TypeScript and JavaScript share: how a solution and its tests see each other (scripts share a global
// scope, modules import), what the tests call and which test functions they define, and how the test job's
// JavaScript is made on the host (TypeScript's transpiler, no type check: the resident linter does that).
import { createRequire } from 'node:module';
import type * as TypeScript from 'typescript';
import { flatText, position, syntaxDiagnostics, type SyntaxNode, type Tree } from './tree-sitter.ts';
import { duplicateTests, testsCallSolution } from './shared.ts';
import { checkCalls, checkedTests, countChecks } from './ecmascript-checks.ts';
import { LANGUAGES } from './registry.ts';
import { ecmaTamper } from './tamper-ecmascript.ts';
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

/** Every top-level function and class, exported or not: the tests see them all. */
function allEntryPoints(shape: ModuleShape): EntryPoint[] {
  const out: EntryPoint[] = [];
  for (const [name, d] of shape.declared) {
    if (!CALLABLE.has(d.kind)) continue;
    const kind = d.kind.includes('class') ? 'class' : 'function';
    out.push({ name, kind, signature: signatureOf(d), line: position(d.node).line });
    if (kind === 'class') {
      for (const method of d.node.descendantsOfType('method_definition')) {
        const methodName = method.childForFieldName('name')?.text;
        if (methodName && methodName !== 'constructor') out.push({ name: `${name}.${methodName}`, kind: 'method', signature: signatureOf({ name: methodName, node: method, kind: 'function_declaration' }), line: position(method).line });
      }
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

const require = createRequire(import.meta.url);
let ts: typeof TypeScript | undefined;

/** JavaScript for the test job, with its source map: CommonJS for a module, a script stays a script. */
function transpile(source: string, fileName: string, module: boolean): { code: string; map: string } {
  ts ??= require('typescript') as typeof TypeScript;
  const out = ts.transpileModule(source, {
    fileName,
    compilerOptions: {
      module: module ? ts.ModuleKind.CommonJS : ts.ModuleKind.None,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      sourceMap: true,
    },
  });
  return { code: out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n'), map: out.sourceMapText ?? '' };
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

/** A file with a top-level import or export is an ES module; anything else is a script. */
function isModule(root: SyntaxNode, ignore: readonly SyntaxNode[] = []): boolean {
  return root.namedChildren.some((n) => (n.type === 'import_statement' || n.type === 'export_statement') && !ignore.some((i) => i.id === n.id));
}

/** Declarations that are values at run time (what a test can call or read), not types. */
const VALUE_KINDS = new Set(['function_declaration', 'generator_function_declaration', 'class_declaration', 'abstract_class_declaration', 'lexical_declaration', 'variable_declaration', 'enum_declaration']);

/** The text with [start, end) replaced by spaces, newlines kept: the line of everything after stays the same. */
function blank(text: string, start: number, end: number): string {
  return `${text.slice(0, start)}${text.slice(start, end).replace(/[^\n]/g, ' ')}${text.slice(end)}`;
}

function appendLines(text: string, lines: string[]): string {
  return lines.length === 0 ? text : `${text}${text.endsWith('\n') ? '' : '\n'}${lines.join('\n')}\n`;
}

/**
 * Findings of a host-side pass that gave up on a file too large to read: constants folded past the tamper
 * gate's budget (a string doubled through const bindings), or past V8's longest string. No honest file gets
 * there, so the sample fails, as one nested too deeply does.
 */
function unlessTooLarge<T>(pass: () => T, otherwise: (err: RangeError) => T): T {
  try {
    return pass();
  } catch (err) {
    // A stack overflow is the checker's to answer (too deep, for every language).
    if (!(err instanceof RangeError) || /call stack/.test(err.message)) throw err;
    return otherwise(err);
  }
}

function tooLarge(file: string, pass: () => Diagnostic[]): Diagnostic[] {
  return unlessTooLarge(pass, (err) => [{ stage: 'lint', severity: 'error', file, line: 1, column: 1, rule: 'flywheel:too-deep', message: `the file is too large for the host to read: ${err.message}` }]);
}

export interface EsLanguageSpec {
  name: Extract<LanguageName, 'typescript' | 'javascript'>;
  extension: 'ts' | 'js';
  parseSource: (source: string) => Tree;
}

export function esLanguage(spec: EsLanguageSpec): Language {
  const files = { solution: `solution.${spec.extension}`, tests: `tests.${spec.extension}` } as const;

  /**
   * The one-program convention of HumanEval-X and MultiPL-E and our own module convention, both verified as
   * written: a solution that is a script (no import/export) shares its global scope with the tests, as when the
   * two are one program; a solution that is a module gets `export { ... }` of every top-level value it does not
   * export itself, and the tests an import of those they use; the tests' own import of a script solution is
   * blanked out (its names are global). Line numbers never move: text is only appended or blanked.
   */
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
    const solutionIsModule = isModule(solutionTree.rootNode);
    const values = [...solution.declared.values()].filter((d) => VALUE_KINDS.has(d.kind)).map((d) => d.name);

    const points = allEntryPoints(solution);
    const called = points.filter((p) => p.kind !== 'method' && (mentioned.has(p.name) || solutionImports.some((i) => i.imported.includes(p.name)))).map((p) => p.name);
    const names = testFunctions(testsTree.rootNode);

    let solutionText = sample.code;
    let testsText = sample.tests;
    if (solutionIsModule) {
      const exported = new Set([...solution.exports.keys(), ...solution.exports.values()]);
      const rest = values.filter((name) => !exported.has(name));
      if (rest.length > 0) solutionText = appendLines(solutionText, [`export { ${rest.join(', ')} };`]);
      // Rewrites go from the end of the text backwards so earlier offsets stay valid.
      for (const imp of [...solutionImports].reverse()) {
        const quote = imp.source.text[0] ?? "'";
        testsText = `${testsText.slice(0, imp.source.startIndex)}${quote}./solution.js${quote}${testsText.slice(imp.source.endIndex)}`;
      }
    } else {
      for (const imp of [...solutionImports].reverse()) testsText = blank(testsText, imp.node.startIndex, imp.node.endIndex);
    }
    const inject = solutionIsModule ? values.filter((name) => mentioned.has(name) && !testsDeclare.has(name)) : [];
    const testsIsModule = inject.length > 0 || isModule(testsTree.rootNode, solutionIsModule ? [] : solutionImports.map((i) => i.node));
    const tail: string[] = [];
    if (inject.length > 0) tail.push(`import { ${inject.join(', ')} } from './solution.js';`);
    const toExport = names.filter((t) => !t.exported).map((t) => t.name);
    if (testsIsModule && toExport.length > 0) tail.push(`export { ${toExport.join(', ')} };`);
    testsText = appendLines(testsText, tail);

    const testNames = names.map((t) => t.name);
    const diagnostics: Diagnostic[] = [...syntaxDiagnostics(solutionTree, files.solution), ...syntaxDiagnostics(testsTree, files.tests)];
    if (diagnostics.length === 0) {
      diagnostics.push(
        ...testsCallSolution(points, called, solutionImports.length > 0 && solutionIsModule, files.tests),
        ...duplicateTests(testNames, files.tests),
        ...tooLarge(files.solution, () => ecmaTamper(solutionTree, files.solution)),
        ...tooLarge(files.tests, () => ecmaTamper(testsTree, files.tests, { testNames, module: testsIsModule })),
      );
    }
    return {
      diagnostics,
      entryPoints: points,
      testNames,
      calledEntryPoints: called,
      files: { solution: solutionText, tests: testsText },
      harness: {
        scripts: { solution: !solutionIsModule, tests: !testsIsModule },
        solutionGlobals: solutionIsModule ? [] : values,
        // (A tests file too large to read has failed at the gate already.)
        checkedTests: unlessTooLarge(() => checkedTests(testsTree.rootNode, testNames), () => []),
      },
    };
  }

  function testFiles(parsed: ParsedSample): TestFiles {
    const scripts = parsed.harness.scripts as { solution: boolean; tests: boolean };
    const out: Record<string, string> = {};
    const maps: Record<string, string> = {};
    for (const role of ['solution', 'tests'] as const) {
      // The tests' checks count when they run (see ecmascript-checks.ts); the linter saw them as written.
      const source = role === 'tests' ? countChecks(parsed.files.tests, checkCalls(spec.parseSource(parsed.files.tests).rootNode)) : parsed.files[role];
      // A JavaScript script runs as written; modules become CommonJS and TypeScript JavaScript, on the host
      // (a syntax transform: nothing of the sample runs), with a source map so positions name the original.
      if (spec.extension === 'js' && scripts[role]) {
        out[`${role}.js`] = source;
        continue;
      }
      const compiled = transpile(source, files[role], !scripts[role]);
      out[`${role}.js`] = compiled.code;
      maps[`${role}.js`] = compiled.map;
    }
    out['flywheel-maps.json'] = JSON.stringify(maps);
    return { files: out, solution: 'solution.js', tests: 'tests.js' };
  }

  return {
    name: spec.name,
    image: LANGUAGES[spec.name].image,
    fileNames: files,
    lintMode: 'service',
    harness: {
      // No eval or Function(...) for the sample: code built from strings is code no gate read, and the way to
      // a dynamic import() past the harness's require.
      // A rejection no one handles is an uncaught error at once, whatever 'unhandledRejection' listeners exist.
      test: ['node', '--disallow-code-generation-from-strings', '--unhandled-rejections=strict', '/opt/flywheel/harness/test.mjs'],
      lint: ['node', '/opt/flywheel/harness/lint-server.mjs'],
    },
    parse,
    testFiles,
  };
}
