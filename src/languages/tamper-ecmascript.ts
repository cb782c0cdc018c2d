// The tamper gate for JavaScript and TypeScript (see tamper.ts), on trees of either grammar. Names go through
// the file's scopes, imports and requires (tamper-ecmascript-names.ts): `const { exit } = process; exit(0)`
// and `process['exit'](0)` are `process.exit`, while a parameter named `assert` is the file's own.
import { tamperCollector, walk, type TamperRule } from './tamper.ts';
import { esNames, join, literalText, moduleRoot, type EsNames } from './tamper-ecmascript-names.ts';
import type { SyntaxNode, Tree } from './tree-sitter.ts';
import type { Diagnostic } from './types.ts';

/** Globals whose members the tests and the harness rely on (a write to `globalThis.x` counts as well). */
const BUILTIN_GLOBALS = new Set([
  'Object', 'Array', 'Function', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'Promise', 'Map', 'Set', 'WeakMap', 'WeakSet',
  'WeakRef', 'FinalizationRegistry', 'RegExp', 'Date', 'Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError',
  'TypeError', 'URIError', 'AggregateError', 'JSON', 'Math', 'Reflect', 'Proxy', 'Intl', 'ArrayBuffer', 'SharedArrayBuffer',
  'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Atomics', 'Buffer', 'console', 'process',
  'globalThis', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'structuredClone',
]);
/**
 * Writes a test makes to capture output, set an environment variable (like Python's sys.stdout and os.environ)
 * or make Math.random repeatable for a shuffle problem: none of them reaches a comparison or the verdict.
 */
const TEST_DOUBLES = /^(console\.(log|info|warn|error|debug|trace|dir|table)|process\.(stdout|stderr)\.write|process\.env\.[^.]+|Math\.random)$/;
/** Paths that are a finding wherever they are mentioned, called or not. */
const REFERENCES = new Map<string, TamperRule>([
  ...['process.exit', 'process.abort', 'process.kill', 'process.reallyExit'].map((p): [string, TamperRule] => [p, 'tamper-exit']),
  ['process.setUncaughtExceptionCaptureCallback', 'tamper-exit-hook'],
  ...['require.cache', 'require.main', 'require.extensions', 'module.constructor', 'module.parent', 'module.children', 'process.mainModule']
    .map((p): [string, TamperRule] => [p, 'tamper-modules']),
  ...['process.binding', 'process._linkedBinding', 'process.dlopen'].map((p): [string, TamperRule] => [p, 'tamper-harness']),
]);
/** Members of node:module that only read or make a `require`; the others reach into loading. */
const MODULE_READS = new Set(['createRequire', 'builtinModules', 'isBuiltin', 'findSourceMap', 'SourceMap']);
const HARNESS_MODULES = new Set(['module:worker_threads', 'module:v8', 'module:inspector']);
const HARNESS_NAMES = /^(parentPort|setFlagsFromString|internalBinding|__flywheel\w*)$/;
const LISTEN = new Set(['process.on', 'process.once', 'process.addListener', 'process.prependListener', 'process.prependOnceListener']);
const HOOK_EVENTS = new Set(['exit', 'beforeExit', 'uncaughtException', 'unhandledRejection', 'uncaughtExceptionMonitor']);
/** Calls that write to their first argument: its key (second argument), any key, or its prototype. */
const WRITE_CALLS = new Map<string, 'key' | 'any' | 'proto'>([
  ['Object.defineProperty', 'key'], ['Object.defineProperties', 'any'], ['Object.setPrototypeOf', 'proto'], ['Object.assign', 'any'],
  ['Reflect.set', 'key'], ['Reflect.defineProperty', 'key'], ['Reflect.deleteProperty', 'key'], ['Reflect.setPrototypeOf', 'proto'],
]);
const PATTERNS = new Set(['object_pattern', 'array_pattern', 'pair_pattern', 'assignment_pattern', 'object_assignment_pattern', 'rest_pattern']);
const WRAPPERS = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression']);

/** The rule a write to this path breaks, if any. */
function writeRule(path: string | null): TamperRule | null {
  if (path === null) return null;
  if (path === 'process.exitCode') return 'tamper-exit';
  if (/^module:assert(\.|$)|^console\.assert$|(^|\.)AssertionError(\.|$)/.test(path)) return 'tamper-assert';
  if (/^module:module(\.|$)|^require(\.|$)|^module\.(?!exports(\.|$))|^process\.mainModule$/.test(path)) return 'tamper-modules';
  return BUILTIN_GLOBALS.has(path.split('.')[0] ?? '') && !TEST_DOUBLES.test(path) ? 'tamper-builtins' : null;
}

/** The directive a comment is, for ESLint or tsc, or null for prose. */
export function lintDirective(comment: string): string | null {
  const block = comment.startsWith('/*');
  const body = block ? comment.slice(2, comment.endsWith('*/') ? -2 : undefined) : comment.replace(/^\/\//, '');
  const lines = block ? body.split(/\r\n|\n|\r/) : [body];
  for (const line of lines) {
    // tsc reads pragma names in any case: @TS-NOCHECK switches it off as well.
    const ts = /^[\s*]*(@ts-(nocheck|ignore|expect-error))\b/i.exec(line);
    if (ts?.[1]) return ts[1].toLowerCase();
  }
  const start = body.replace(/^[\s*]*/, '');
  const eslint = /^eslint-(disable|enable)(-next-line|-line)?\b/i.exec(start)
    ?? (block ? /^eslint-env\b|^eslint\s+[\w@/-]+\s*:|^(globals?|exported)\s+[\w$]/i.exec(start) : null);
  return eslint ? eslint[0].split(/[\s:]/)[0] ?? null : null;
}

/** `require.main === module`: the CommonJS "run as a script" test reads require.main and changes nothing. */
function isMainTest(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (parent?.type !== 'binary_expression' || !/^[!=]==?$/.test(parent.childForFieldName('operator')?.type ?? '')) return false;
  const sides = [parent.childForFieldName('left')?.text, parent.childForFieldName('right')?.text];
  return sides.includes('require.main') && sides.includes('module');
}

/** Operands of a chain of `+`, left to right. */
function plusOperands(node: SyntaxNode): SyntaxNode[] {
  if (node.type !== 'binary_expression' || node.childForFieldName('operator')?.type !== '+') return [node];
  return [node.childForFieldName('left'), node.childForFieldName('right')].flatMap((n) => (n ? plusOperands(n) : []));
}

/** What else a write may break besides the tamper rules: the tests' own test functions (see testWatch). */
interface WriteWatch {
  /** A write to an identifier declared in the file. */
  own(identifier: SyntaxNode, node: SyntaxNode): void;
  /** A write to a member of a global or module path (`exports.test_a`, `module.exports`). */
  member(base: string, key: string, node: SyntaxNode): void;
}

function checker(names: EsNames, add: (rule: TamperRule, node: SyntaxNode, what: string) => void, watch?: WriteWatch) {
  const snippet = (node: SyntaxNode): string => node.text.replace(/\s+/g, ' ').slice(0, 60);

  const writeTo = (base: string | null, key: string, node: SyntaxNode, how: string): void => {
    // An instance's own members (`[].x = 1`) are its own; `x.__proto__ = p` changes x, not its prototype.
    if (base === null || base.startsWith('#')) return;
    watch?.member(base, key, node);
    const rule = writeRule(key === '__proto__' ? base : join(base, key)) ?? (base === 'globalThis' ? 'tamper-builtins' : null);
    if (rule) add(rule, node, `${how} ${snippet(node)}`);
  };

  const write = (target: SyntaxNode | null, node: SyntaxNode, how: string): void => {
    if (!target) return;
    if (WRAPPERS.has(target.type)) {
      write(target.namedChildren[0] ?? null, node, how);
    } else if (target.type === 'identifier' || target.type === 'shorthand_property_identifier_pattern') {
      if (names.declared(target)) {
        watch?.own(target, node);
        return;
      }
      const rule = writeRule(target.text === 'global' ? 'globalThis' : target.text);
      if (rule) add(rule, node, `${how} ${target.text}`);
    } else if (target.type === 'member_expression') {
      const property = target.childForFieldName('property');
      if (property?.type === 'property_identifier') writeTo(names.path(target.childForFieldName('object')), property.text, node, how);
    } else if (target.type === 'subscript_expression') {
      writeTo(names.path(target.childForFieldName('object')), names.constant(target.childForFieldName('index')) ?? '*', node, how);
    } else if (PATTERNS.has(target.type)) {
      const parts = target.type === 'pair_pattern' ? [target.childForFieldName('value')]
        : target.type === 'assignment_pattern' || target.type === 'object_assignment_pattern' ? [target.childForFieldName('left')]
          : target.namedChildren;
      for (const part of parts) write(part, node, how);
    }
  };

  const call = (node: SyntaxNode): void => {
    const callee = node.childForFieldName('function');
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    const load = names.loads(node);
    if (load) {
      if (load.module === null) add('tamper-modules', node, `${snippet(callee ?? node)}() of a computed module name`);
      else if (HARNESS_MODULES.has(moduleRoot(load.module))) add('tamper-harness', node, `loads ${load.module}`);
      return;
    }
    const path = names.path(callee);
    if (path !== null && LISTEN.has(path) && args[0]) {
      const event = names.constant(args[0]);
      if (event === null || HOOK_EVENTS.has(event)) add('tamper-exit-hook', node, `${path}(${event === null ? '<computed event>' : JSON.stringify(event)})`);
    }
    const mode = path === null ? undefined : WRITE_CALLS.get(path);
    if (mode && args[0]) {
      const key = mode === 'proto' ? '__proto__' : mode === 'any' ? '*' : names.constant(args[1]) ?? '*';
      // setPrototypeOf changes its first argument itself: as a target, that is the `__proto__` key of it.
      writeTo(names.path(args[0]), key, node, `${path}() on`);
    }
    const property = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
    if (property === '__defineGetter__' || property === '__defineSetter__') {
      writeTo(names.path(callee?.childForFieldName('object')), names.constant(args[0]) ?? '*', node, `${property}() on`);
    }
  };

  const reference = (node: SyntaxNode): void => {
    const path = names.path(node);
    if (path === null) return;
    const rule = REFERENCES.get(path);
    if (rule && !(path === 'require.main' && isMainTest(node))) add(rule, node, path);
    const member = /^module:module\.([^.]+)$/.exec(path)?.[1];
    if (member !== undefined && !MODULE_READS.has(member)) add('tamper-modules', node, `node:module's ${member}`);
  };

  const text = (value: string, node: SyntaxNode): void => {
    if (value.includes('/proc/')) add('tamper-harness', node, `the path ${JSON.stringify(value.slice(0, 40))}`);
    else if (HARNESS_NAMES.test(value)) add('tamper-harness', node, `the name ${value}`);
    else if (value === 'syncBuiltinESMExports') add('tamper-modules', node, value);
  };

  return { write, call, reference, text };
}

/**
 * Writes that replace the tests' own test functions once defined (`[test_a] = [skip]`, `test_a = null`, a
 * second `var test_a`, `exports.test_a = ...`, `module.exports = ...`): the harness would run the replacement,
 * not the test the host read. Reported as duplicate-test, which is what they amount to.
 */
function testWatch(names: EsNames, root: SyntaxNode, options: EcmaTamperOptions, file: string, findings: Diagnostic[]): WriteWatch {
  const tests = new Set(options.testNames);
  const seen = new Set<string>();
  const report = (name: string, node: SyntaxNode, what: string): void => {
    const key = `${name}:${node.startPosition.row}`;
    if (seen.has(key) || seen.size >= 8) return;
    seen.add(key);
    findings.push({
      stage: 'lint', severity: 'error', file, line: node.startPosition.row + 1, column: node.startPosition.column + 1, rule: 'flywheel:duplicate-test',
      message: `${what}: the harness would run whatever ${name} holds at the end, not the test as written`,
    });
  };
  // A test function's name bound twice at the top level (`function test_a` and `var test_a = skip`).
  const bound = new Map<string, number>();
  for (const child of root.namedChildren) {
    const decl = child.type === 'export_statement' ? child.childForFieldName('declaration') : child;
    if (!decl) continue;
    const declared = decl.type === 'lexical_declaration' || decl.type === 'variable_declaration'
      ? decl.namedChildren.filter((d) => d.type === 'variable_declarator').flatMap((d) => d.childForFieldName('name')?.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern']).map((n) => n.text) ?? [])
      : [decl.childForFieldName('name')?.text ?? ''];
    for (const name of declared) {
      if (!tests.has(name)) continue;
      bound.set(name, (bound.get(name) ?? 0) + 1);
      if (bound.get(name) === 2) report(name, decl, `${name} is declared again`);
    }
  }
  return {
    own(identifier, node) {
      if (tests.has(identifier.text) && names.topLevel(identifier)) report(identifier.text, node, `assigns to the test function ${identifier.text}`);
    },
    member(base, key, node) {
      // A module's test functions are taken from its exports; a script's from its own scope.
      if (!options.module) return;
      if (base === 'exports' || base.startsWith('exports.') || base === 'module' && key === 'exports' || base.startsWith('module.exports')) {
        report(key === '*' ? 'a test function' : key, node, `writes to the tests' exports (${base}.${key})`);
      }
    },
  };
}

export interface EcmaTamperOptions {
  /** For the tests file: its test functions, which must hold what was defined (see testWatch). */
  testNames: readonly string[];
  /** Whether the tests run as a module (their test functions are then their exports). */
  module: boolean;
}

export function ecmaTamper(tree: Tree, file: string, tests?: EcmaTamperOptions): Diagnostic[] {
  const { add, findings } = tamperCollector(file);
  const names = esNames(tree.rootNode);
  const reassigned: Diagnostic[] = [];
  const watch = tests ? testWatch(names, tree.rootNode, tests, file, reassigned) : undefined;
  const check = checker(names, add, watch);
  walk(tree.rootNode, (node) => {
    switch (node.type) {
      case 'comment': {
        const directive = lintDirective(node.text);
        if (directive) add('tamper-lint-switch', node, `the comment directive ${directive}`);
        break;
      }
      case 'identifier':
      case 'member_expression':
      case 'subscript_expression':
        check.reference(node);
        if (node.type === 'identifier') check.text(node.text, node);
        break;
      case 'property_identifier':
      case 'shorthand_property_identifier':
      case 'shorthand_property_identifier_pattern':
        check.text(node.text, node);
        break;
      case 'assignment_expression':
      case 'augmented_assignment_expression':
        check.write(node.childForFieldName('left'), node, 'assigns');
        break;
      case 'update_expression':
        check.write(node.childForFieldName('argument'), node, 'assigns');
        break;
      case 'unary_expression':
        if (node.childForFieldName('operator')?.type === 'delete') check.write(node.childForFieldName('argument'), node, 'deletes');
        break;
      case 'for_in_statement':
        if (!node.childForFieldName('kind')) check.write(node.childForFieldName('left'), node, 'assigns');
        break;
      case 'call_expression':
        check.call(node);
        break;
      case 'import_statement':
      case 'export_statement': {
        const sources = [node.childForFieldName('source'), ...node.namedChildren.map((c) => (c.type === 'import_require_clause' ? c.childForFieldName('source') : null))];
        for (const source of sources) {
          const name = source ? literalText(source).text : null;
          if (name !== null && HARNESS_MODULES.has(moduleRoot(name))) add('tamper-harness', node, `imports ${name}`);
        }
        break;
      }
      case 'string':
      case 'template_string':
        check.text(literalText(node).text, node);
        break;
      case 'binary_expression': {
        if (node.parent?.type === 'binary_expression' && node.parent.childForFieldName('operator')?.type === '+') break;
        const operands = plusOperands(node);
        if (operands.length < 2) break;
        // Runs of constant operands: '/pr' + 'oc/' is the path it spells.
        let run = '';
        for (const operand of [...operands, null]) {
          const value = operand ? names.constant(operand) : null;
          if (value !== null) run = names.concat(run, value);
          else if (run !== '') {
            check.text(run, node);
            run = '';
          }
        }
        break;
      }
      default:
    }
  });
  return [...findings, ...reassigned];
}
