// Names for the ECMAScript tamper gate: which declaration an identifier refers to (block, function and module
// scopes of the tree-sitter tree), and the path an expression names, so that an alias, a destructured member,
// `globalThis['process']` or `(process as any)` is the built-in it stands for, and a user's own `assert`
// parameter or `const process = ...` is not.
//
// Paths: a global is its name (`process.exit`, `Array.prototype.map`); a module is `module:<name>` without
// `node:` (`module:assert.ok`; `node:process` is `process`); an instance of a built-in made by a literal or
// `new` is `#Array` (its own members are its own, its `__proto__` is `Array.prototype`); `*` is a computed key.
import { unescapeSequence } from './tamper.ts';
import type { SyntaxNode } from './tree-sitter.ts';

type Binding =
  | { kind: 'own' }
  | { kind: 'path'; path: string }
  /** `const x = value` (keys empty) or `const { a: { b: x } } = value` (keys a, b). */
  | { kind: 'init'; value: SyntaxNode; keys: string[]; constant: boolean };

export interface EsNames {
  /** The path an expression names, null when it is the file's own value (or not a name at all). */
  path(node: SyntaxNode | null | undefined): string | null;
  /** Whether an identifier is declared in the file (not a global). */
  declared(identifier: SyntaxNode): boolean;
  /** The value of a constant string (literals, `+` of them, a `const` bound to one), null otherwise. */
  constant(node: SyntaxNode | null | undefined): string | null;
  /** For `require(x)`, `import(x)`, `process.getBuiltinModule(x)`: the module's name (null when computed). */
  loads(call: SyntaxNode): { module: string | null } | undefined;
  /** Whether an identifier names a binding of the file's top level. */
  topLevel(identifier: SyntaxNode): boolean;
  /** `a + b` of two constants, counted against the file's folding budget (see FoldLimit). */
  concat(a: string, b: string): string;
}

/** The longest string the gate folds from constants, and the most it folds in one file (UTF-16 units). */
const CONSTANT_LIMIT = 1 << 20;
const FOLD_BUDGET = 1 << 25;

/**
 * Constants folded past CONSTANT_LIMIT or FOLD_BUDGET: no honest file builds megabytes of text from `+` of
 * constants, and one that doubles a string through const bindings would otherwise take the host's memory (or
 * pass V8's longest string and fail as the checker's own error). The caller fails the file as too deep to read.
 */
export class FoldLimit extends RangeError {
  constructor() {
    super(`constant strings built from more than ${CONSTANT_LIMIT} characters at once, or ${FOLD_BUDGET} in all`);
    this.name = 'FoldLimit';
  }
}

const BLOCK_SCOPES = new Set(['program', 'statement_block', 'switch_body', 'for_statement', 'for_in_statement', 'class_static_block']);
const FUNCTION_SCOPES = new Set([
  'program', 'function_declaration', 'generator_function_declaration', 'function_expression', 'function', 'generator_function',
  'arrow_function', 'method_definition', 'class_static_block',
]);
const FUNCTIONS = new Set([...FUNCTION_SCOPES].filter((t) => t !== 'program' && t !== 'class_static_block'));
const NAMED_DECLARATIONS = new Set([
  'function_declaration', 'generator_function_declaration', 'class_declaration', 'abstract_class_declaration', 'enum_declaration',
  'internal_module', 'module', 'function_signature',
]);
/** Expressions that are their inner expression at run time (TypeScript's casts included). */
const TRANSPARENT = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion', 'sequence_expression', 'await_expression']);
const LITERAL_INSTANCES: Record<string, string> = {
  array: '#Array', object: '#Object', string: '#String', template_string: '#String', number: '#Number', regex: '#RegExp',
  true: '#Boolean', false: '#Boolean', arrow_function: '#Function', function_expression: '#Function', function: '#Function', class: '#Function',
};
const MODULE_LOADERS = new Set(['require', 'module.require', 'process.getBuiltinModule']);

/** `module:assert` for `node:assert/strict`; the modules that are globals too are their global. */
export function moduleRoot(specifier: string): string {
  const name = specifier.replace(/^node:/, '').replace(/^(assert|inspector)\/.*$/, '$1');
  return name === 'process' || name === 'console' ? name : `module:${name}`;
}

/** `base.key`, with the aliases folded: `globalThis.process` is `process`, `assert.strict` is `assert`. */
export function join(base: string | null, key: string): string | null {
  if (base === null) return null;
  if (base === 'globalThis' && key !== '*') return key === 'global' ? 'globalThis' : key;
  if (base.startsWith('#')) return key === '__proto__' ? `${base.slice(1)}.prototype` : key === 'constructor' ? base.slice(1) : null;
  if (base.endsWith('.prototype') && key === 'constructor') return base.slice(0, -'.prototype'.length);
  if (/^module:[^.]+$/.test(base) && (key === 'default' || (base === 'module:assert' && key === 'strict') || (base === 'module:module' && key === 'Module'))) return base;
  return `${base}.${key}`;
}

/** The text of a string or template literal with its escapes decoded, and whether it has no `${}` parts. */
export function literalText(node: SyntaxNode): { text: string; exact: boolean } {
  let text = '';
  let exact = true;
  for (const part of node.namedChildren) {
    if (part.type === 'string_fragment') text += part.text;
    else if (part.type === 'escape_sequence') text += unescapeSequence(part.text);
    else if (part.type === 'template_substitution') exact = false;
  }
  return { text, exact };
}

/** Identifiers a pattern declares, each with the member keys it is taken from (null: not a plain member). */
function patternNames(pattern: SyntaxNode | null, keys: string[] | null, out: { name: string; keys: string[] | null }[]): void {
  if (!pattern) return;
  const at = (key: string | null): string[] | null => (keys && key !== null ? [...keys, key] : null);
  switch (pattern.type) {
    case 'identifier':
      out.push({ name: pattern.text, keys });
      break;
    case 'shorthand_property_identifier_pattern':
      out.push({ name: pattern.text, keys: at(pattern.text) });
      break;
    case 'object_pattern':
      for (const part of pattern.namedChildren) {
        if (part.type === 'pair_pattern') {
          const key = part.childForFieldName('key');
          patternNames(part.childForFieldName('value'), at(key?.type === 'property_identifier' ? key.text : literalKey(key)), out);
        } else if (part.type === 'object_assignment_pattern') {
          patternNames(part.childForFieldName('left'), keys, out);
        } else {
          patternNames(part, part.type === 'rest_pattern' ? null : keys, out);
        }
      }
      break;
    case 'assignment_pattern':
      patternNames(pattern.childForFieldName('left'), keys, out);
      break;
    case 'required_parameter':
    case 'optional_parameter':
      patternNames(pattern.childForFieldName('pattern'), keys, out);
      break;
    case 'array_pattern':
    case 'rest_pattern':
      for (const part of pattern.namedChildren) patternNames(part, null, out);
      break;
    default:
  }
}

function literalKey(node: SyntaxNode | null): string | null {
  if (node?.type !== 'string') return null;
  return literalText(node).text;
}

function nearest(node: SyntaxNode, types: Set<string>): SyntaxNode | null {
  for (let p: SyntaxNode | null = node.parent; p; p = p.parent) if (types.has(p.type)) return p;
  return null;
}

export function esNames(root: SyntaxNode): EsNames {
  const scopes = new Map<number, Map<string, Binding>>();
  const bind = (scope: SyntaxNode | null, name: string, binding: Binding): void => {
    const id = (scope ?? root).id;
    const table = scopes.get(id) ?? new Map<string, Binding>();
    if (!table.has(name)) table.set(name, binding);
    scopes.set(id, table);
  };
  const bindPattern = (scope: SyntaxNode | null, pattern: SyntaxNode | null, value: SyntaxNode | null, constant: boolean): void => {
    const names: { name: string; keys: string[] | null }[] = [];
    patternNames(pattern, [], names);
    for (const { name, keys } of names) bind(scope, name, value && keys ? { kind: 'init', value, keys, constant: constant && keys.length === 0 } : { kind: 'own' });
  };
  const bindImport = (node: SyntaxNode): void => {
    const source = node.childForFieldName('source');
    const from = source ? moduleRoot(literalText(source).text) : null;
    for (const clause of node.namedChildren) {
      if (clause.type === 'import_require_clause') {
        const name = clause.namedChildren.find((n) => n.type === 'identifier');
        const spec = clause.childForFieldName('source');
        if (name && spec) bind(root, name.text, { kind: 'path', path: moduleRoot(literalText(spec).text) });
      }
      if (clause.type !== 'import_clause' || from === null) continue;
      for (const part of clause.namedChildren) {
        if (part.type === 'identifier') bind(root, part.text, { kind: 'path', path: from });
        if (part.type === 'namespace_import') for (const id of part.namedChildren) bind(root, id.text, { kind: 'path', path: from });
        if (part.type !== 'named_imports') continue;
        for (const spec of part.namedChildren.filter((s) => s.type === 'import_specifier')) {
          const name = spec.childForFieldName('name');
          const local = spec.childForFieldName('alias') ?? name;
          const key = name?.type === 'string' ? literalText(name).text : name?.text;
          if (local && key) bind(root, local.text, { kind: 'path', path: join(from, key) ?? from });
        }
      }
    }
  };

  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    // `declare const process: any` declares what exists elsewhere: the name is still the global.
    if (node.type === 'ambient_declaration') continue;
    if (node.type === 'variable_declarator') {
      const declaration = node.parent;
      const lexical = declaration?.type === 'lexical_declaration';
      const constant = lexical && declaration?.childForFieldName('kind')?.text === 'const';
      bindPattern(nearest(node, lexical ? BLOCK_SCOPES : FUNCTION_SCOPES), node.childForFieldName('name'), node.childForFieldName('value'), constant);
    } else if (node.type === 'for_in_statement' && node.childForFieldName('kind')) {
      const scope = node.childForFieldName('kind')?.text === 'var' ? nearest(node, FUNCTION_SCOPES) : node;
      bindPattern(scope, node.childForFieldName('left'), null, false);
    } else if (NAMED_DECLARATIONS.has(node.type)) {
      const name = node.childForFieldName('name');
      if (name) bind(nearest(node, BLOCK_SCOPES), name.text.split('.')[0] ?? name.text, { kind: 'own' });
    } else if (node.type === 'catch_clause') {
      bindPattern(node, node.childForFieldName('parameter'), null, false);
    } else if (node.type === 'import_statement') {
      bindImport(node);
    } else if (node.type === 'class') {
      const name = node.childForFieldName('name');
      if (name) bind(node, name.text, { kind: 'own' });
    }
    if (FUNCTIONS.has(node.type)) {
      if (node.type !== 'function_declaration' && node.type !== 'generator_function_declaration') {
        const name = node.childForFieldName('name');
        if (name?.type === 'identifier') bind(node, name.text, { kind: 'own' });
      }
      bindPattern(node, node.childForFieldName('parameter'), null, false);
      for (const param of node.childForFieldName('parameters')?.namedChildren ?? []) bindPattern(node, param, null, false);
    }
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }

  /** The binding an identifier refers to, and the node of the scope that holds it. */
  const resolve = (identifier: SyntaxNode): { binding: Binding; scope: SyntaxNode } | undefined => {
    for (let p: SyntaxNode | null = identifier.parent; p; p = p.parent) {
      const binding = scopes.get(p.id)?.get(identifier.text);
      if (binding) return { binding, scope: p };
    }
    return undefined;
  };
  const lookup = (identifier: SyntaxNode): Binding | undefined => resolve(identifier)?.binding;

  // Aliases may refer to each other (`let a = b, b = a`): a path being computed is unknown to itself.
  const busy = new Set<number>();
  const guarded = <T>(node: SyntaxNode, fallback: T, compute: () => T): T => {
    if (busy.has(node.id)) return fallback;
    busy.add(node.id);
    try {
      return compute();
    } finally {
      busy.delete(node.id);
    }
  };

  let folded = 0;
  const concat = (a: string, b: string): string => {
    const length = a.length + b.length;
    folded += length;
    if (length > CONSTANT_LIMIT || folded > FOLD_BUDGET) throw new FoldLimit();
    return a + b;
  };

  // Each node's value is computed once: a binding used N times, or doubled through N bindings, costs its length.
  const constants = new Map<number, string | null>();
  const constant = (node: SyntaxNode | null | undefined): string | null => {
    if (!node) return null;
    const cached = constants.get(node.id);
    if (cached !== undefined) return cached;
    const value = computeConstant(node);
    constants.set(node.id, value);
    return value;
  };

  const computeConstant = (node: SyntaxNode): string | null => {
    switch (node.type) {
      case 'string':
        return literalText(node).text;
      case 'template_string': {
        const { text, exact } = literalText(node);
        return exact ? text : null;
      }
      case 'number':
        return node.text;
      case 'parenthesized_expression':
        return constant(node.namedChildren.at(-1));
      case 'binary_expression': {
        if (node.childForFieldName('operator')?.type !== '+') return null;
        const left = constant(node.childForFieldName('left'));
        const right = left === null ? null : constant(node.childForFieldName('right'));
        return left !== null && right !== null ? concat(left, right) : null;
      }
      case 'identifier': {
        const binding = lookup(node);
        return binding?.kind === 'init' && binding.constant ? guarded(binding.value, null, () => constant(binding.value)) : null;
      }
      default:
        return null;
    }
  };

  const loads = (call: SyntaxNode): { module: string | null } | undefined => {
    const callee = call.childForFieldName('function');
    if (!callee || (callee.type !== 'import' && !MODULE_LOADERS.has(path(callee) ?? ''))) return undefined;
    return { module: constant(call.childForFieldName('arguments')?.namedChildren[0]) };
  };

  // Every member of a chain asks for the path of the chain before it: remembered, a chain costs its length.
  const known = new Map<number, string | null>();
  const path = (node: SyntaxNode | null | undefined): string | null => {
    if (!node) return null;
    const cached = known.get(node.id);
    if (cached !== undefined) return cached;
    const found = computePath(node);
    known.set(node.id, found);
    return found;
  };

  const computePath = (node: SyntaxNode): string | null => {
    if (TRANSPARENT.has(node.type)) {
      const inner = node.type === 'type_assertion' || node.type === 'sequence_expression' ? node.namedChildren.at(-1) : node.namedChildren[0];
      return path(inner);
    }
    switch (node.type) {
      case 'identifier': {
        const binding = lookup(node);
        if (!binding) return node.text === 'global' ? 'globalThis' : node.text;
        if (binding.kind === 'own') return null;
        if (binding.kind === 'path') return binding.path;
        return guarded(binding.value, null, () => binding.keys.reduce<string | null>((base, key) => join(base, key), path(binding.value)));
      }
      case 'member_expression': {
        const property = node.childForFieldName('property');
        return property?.type === 'property_identifier' ? join(path(node.childForFieldName('object')), property.text) : null;
      }
      case 'subscript_expression':
        return join(path(node.childForFieldName('object')), constant(node.childForFieldName('index')) ?? '*');
      case 'new_expression': {
        const made = path(node.childForFieldName('constructor'));
        return made !== null && /^[A-Z]\w*$/.test(made) ? `#${made}` : null;
      }
      case 'call_expression': {
        const load = loads(node);
        if (load) return load.module === null ? null : moduleRoot(load.module);
        const callee = path(node.childForFieldName('function'));
        if (callee === 'module:module.createRequire') return 'require';
        if (callee === 'Object.getPrototypeOf' || callee === 'Reflect.getPrototypeOf') {
          return join(path(node.childForFieldName('arguments')?.namedChildren[0]), '__proto__');
        }
        return null;
      }
      default:
        return LITERAL_INSTANCES[node.type] ?? null;
    }
  };

  return {
    path,
    constant,
    loads,
    concat,
    declared: (identifier) => lookup(identifier) !== undefined,
    topLevel: (identifier) => resolve(identifier)?.scope.id === root.id,
  };
}
