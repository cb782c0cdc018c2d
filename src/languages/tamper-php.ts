// The tamper gate for PHP (see tamper.ts). Function and class names are case-insensitive, may carry a leading
// `\` and may come through a `use` alias; a string that names a function counts as the function, since PHP
// calls strings (`call_user_func('posix_kill', ...)`, `$f = 'ini_' . 'set'; $f(...)`).
import { tamperCollector, unescapeSequence, type TamperRule } from './tamper.ts';
import { flatText, type SyntaxNode, type Tree } from './tree-sitter.ts';
import type { Diagnostic } from './types.ts';

const FUNCTIONS = new Map<string, TamperRule>([
  ...['exit', 'die', 'posix_kill', 'proc_terminate'].map((f): [string, TamperRule] => [f, 'tamper-exit']),
  ...['register_shutdown_function', 'register_tick_function', 'set_exception_handler'].map((f): [string, TamperRule] => [f, 'tamper-exit-hook']),
  ...['ini_set', 'ini_alter', 'ini_restore', 'assert_options', 'set_include_path', 'dl', 'putenv'].map((f): [string, TamperRule] => [f, 'tamper-ini']),
  ...['debug_backtrace', 'debug_print_backtrace', 'get_defined_vars'].map((f): [string, TamperRule] => [f, 'tamper-introspection']),
]);
/** Language constructs (not callable by name) and names too short to tell from words, left out of the string check. */
const NOT_AS_STRING = new Set(['exit', 'die', 'dl']);
const REFLECTION_CLASSES = new Set([
  'reflectionclass', 'reflectionobject', 'reflectionmethod', 'reflectionfunction', 'reflectionfunctionabstract', 'reflectionproperty',
  'reflectionparameter', 'reflectiontype', 'reflectionnamedtype', 'reflectionuniontype', 'reflectionintersectiontype',
  'reflectionclassconstant', 'reflectionenum', 'reflectionenumunitcase', 'reflectionenumbackedcase', 'reflectionextension',
  'reflectionzendextension', 'reflectiongenerator', 'reflectionfiber', 'reflectionreference', 'reflectionattribute', 'reflectionconstant',
]);
const FUNCTION_SCOPES = new Set(['function_definition', 'method_declaration', 'anonymous_function', 'arrow_function']);
/** Parents in which a bare `exit`/`die` is the construct, not a member, label or declared name. */
const EXPRESSION_PARENTS = new Set([
  'expression_statement', 'binary_expression', 'conditional_expression', 'arrow_function', 'argument', 'parenthesized_expression',
  'assignment_expression', 'return_statement', 'match_conditional_expression', 'match_default_expression', 'sequence_expression',
  'array_element_initializer', 'unary_op_expression',
]);
const NAMES = new Set(['name', 'qualified_name', 'relative_name']);
const STRINGS = new Set(['string', 'encapsed_string', 'heredoc', 'nowdoc']);
/** The harness's own names (run.php's flywheel_* functions, and its former class): never the sample's to use. */
const HARNESS_NAME = /^\\?flywheel(_|harness$)/i;
/** A string that holds one of them (`'\\FlywheelHarness::finish'`, `'flywheel_tally'`). */
const HARNESS_TEXT = /flywheel(_[a-z]|harness)/i;
/** Closure methods that run a closure as, or in the scope of, another object or class. */
const REBINDING = new Set(['bind', 'bindto', 'call']);

function functionRule(name: string): TamperRule | undefined {
  return FUNCTIONS.get(name) ?? (name.startsWith('pcntl_') ? 'tamper-exit' : undefined);
}

interface Uses {
  functions: Map<string, string>;
  classes: Map<string, string>;
  /** `use function X\check as assert;`: a function the file's `assert(...)` calls would then be. */
  assertAliases: SyntaxNode[];
}

/** Lower-case aliases of `use` and `use function` (namespaces go with the classes: both are `use`). */
function usesOf(root: SyntaxNode): Uses {
  const uses: Uses = { functions: new Map(), classes: new Map(), assertAliases: [] };
  for (const declaration of root.descendantsOfType('namespace_use_declaration')) {
    const group = declaration.namedChildren.find((n) => n.type === 'namespace_name')?.text;
    for (const clause of declaration.descendantsOfType('namespace_use_clause')) {
      const alias = clause.childForFieldName('alias');
      const target = clause.namedChildren.find((n) => NAMES.has(n.type) && n.id !== alias?.id);
      if (!target) continue;
      const full = `${group ? `${group}\\` : ''}${target.text}`.replace(/\s+/g, '').replace(/^\\/, '').toLowerCase();
      const local = (alias?.text ?? full.split('\\').at(-1) ?? full).toLowerCase();
      const kind = (clause.childForFieldName('type') ?? declaration.childForFieldName('type'))?.text.toLowerCase() ?? 'class';
      if (kind === 'function') {
        uses.functions.set(local, full);
        if (local === 'assert') uses.assertAliases.push(clause);
      } else if (kind !== 'const') {
        uses.classes.set(local, full);
      }
    }
  }
  return uses;
}

/** The global name a name node means, lower-case: `\Foo\bar` and `Foo\bar` are `foo\bar`, unqualified through `use`. */
function resolve(node: SyntaxNode, table: Map<string, string>, classes: Map<string, string>): string {
  const text = node.text.replace(/\s+/g, '').toLowerCase();
  if (node.type === 'relative_name') return text.replace(/^namespace\\/, '');
  if (text.startsWith('\\')) return text.slice(1);
  const [first = '', ...rest] = text.split('\\');
  if (rest.length > 0) return [classes.get(first) ?? first, ...rest].join('\\');
  return table.get(first) ?? first;
}

/** What a name stands for where it is: a called function, a class, a bare expression (`die`), or nothing of ours. */
function roleOf(node: SyntaxNode, parent: SyntaxNode | null): 'function' | 'class' | 'expression' | null {
  if (!parent) return null;
  switch (parent.type) {
    case 'function_call_expression':
      return parent.childForFieldName('function')?.id === node.id ? 'function' : null;
    case 'object_creation_expression':
    case 'named_type':
    case 'base_clause':
    case 'class_interface_clause':
      return 'class';
    case 'scoped_call_expression':
    case 'scoped_property_access_expression':
      return parent.childForFieldName('scope')?.id === node.id ? 'class' : null;
    case 'class_constant_access_expression':
      return parent.namedChild(0)?.id === node.id ? 'class' : null;
    case 'binary_expression':
      return parent.childForFieldName('operator')?.type === 'instanceof' ? 'class' : 'expression';
    case 'argument':
      // f(exit: 1) names a parameter.
      return parent.childForFieldName('name')?.id === node.id ? null : 'expression';
    default:
      return EXPRESSION_PARENTS.has(parent.type) ? 'expression' : null;
  }
}

const LITERAL_PARTS = new Set(['string_content', 'nowdoc_string', 'escape_sequence']);
const LITERAL_BODIES = new Set(['heredoc_body', 'nowdoc_body']);
const LITERAL_TAGS = new Set(['heredoc_start', 'heredoc_end']);

/** A string literal's text with escapes decoded and interpolations left out, and whether it has none. */
function literal(node: SyntaxNode): { text: string; exact: boolean } {
  let text = '';
  let exact = true;
  // Its parts are children or grandchildren (a heredoc's body): a short walk, cheaper than a descendants query.
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop() as SyntaxNode;
    for (let i = current.namedChildCount - 1; i >= 0; i--) {
      const part = current.namedChild(i);
      if (!part) continue;
      if (LITERAL_PARTS.has(part.type) || LITERAL_BODIES.has(part.type)) stack.push(part);
      else if (!LITERAL_TAGS.has(part.type)) exact = false;
    }
    if (LITERAL_PARTS.has(current.type)) text += current.type === 'escape_sequence' ? unescapeSequence(current.text) : current.text;
  }
  return { text, exact };
}

const isConcat = (node: SyntaxNode | null | undefined): boolean => node?.type === 'binary_expression' && node.childForFieldName('operator')?.type === '.';

/** The operands of a chain of `.`, left to right (iteratively: a chain may be thousands long). */
function concatOperands(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const next = stack.pop() as SyntaxNode;
    if (!isConcat(next)) {
      out.push(next);
      continue;
    }
    const [left, right] = [next.childForFieldName('left'), next.childForFieldName('right')];
    if (right) stack.push(right);
    if (left) stack.push(left);
  }
  return out;
}

/** `[Closure::class, 'bind']` or `['Closure', 'bind']`: Closure::bind as a callable array. */
function closureRebindCallable(node: SyntaxNode): boolean {
  const [first, second, extra] = node.namedChildren.map((element) => element.namedChild(0));
  if (!first || !second || extra !== undefined || !STRINGS.has(second.type) || !REBINDING.has(literal(second).text.toLowerCase())) return false;
  const cls = first.type === 'class_constant_access_expression' && first.namedChild(1)?.text.toLowerCase() === 'class'
    ? first.namedChild(0)?.text ?? ''
    : STRINGS.has(first.type) ? literal(first).text : '';
  return cls.replace(/^\\/, '').toLowerCase() === 'closure';
}

/** Every node, pre-order, with its parent and whether it is inside a function (node.parent walks down from the root: too slow on a deep tree). */
function walkWithParents(root: SyntaxNode, visit: (node: SyntaxNode, parent: SyntaxNode | null, inFunction: boolean) => void): void {
  const stack: [SyntaxNode, SyntaxNode | null, boolean][] = [[root, null, false]];
  while (stack.length > 0) {
    const [node, parent, inside] = stack.pop() as [SyntaxNode, SyntaxNode | null, boolean];
    const now = inside || FUNCTION_SCOPES.has(node.type);
    visit(node, parent, now);
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (child) stack.push([child, node, now]);
    }
  }
}

export function phpTamper(tree: Tree, file: string): Diagnostic[] {
  const { add, findings } = tamperCollector(file);
  const uses = usesOf(tree.rootNode);
  for (const clause of uses.assertAliases) add('tamper-assert', clause, `${clause.text.replace(/\s+/g, ' ')}, a function named assert`);
  const ownClasses = new Set(tree.rootNode.descendantsOfType(['class_declaration', 'interface_declaration', 'trait_declaration', 'enum_declaration'])
    .map((c) => c.childForFieldName('name')?.text.toLowerCase()));

  const text = (value: string, node: SyntaxNode): void => {
    const lower = value.toLowerCase();
    const name = lower.replace(/^\\/, '');
    const rule = NOT_AS_STRING.has(name) ? undefined : functionRule(name);
    if (value.includes('/proc/')) add('tamper-introspection', node, `the path ${JSON.stringify(value.slice(0, 40))}`);
    else if (lower.includes('php://fd')) add('tamper-harness', node, `the stream ${JSON.stringify(value.slice(0, 40))}`);
    else if (HARNESS_TEXT.test(value)) add('tamper-harness', node, `the harness's name ${JSON.stringify(value.slice(0, 40))}`);
    else if (rule) add(rule, node, `the function name ${JSON.stringify(value)}`);
    else if (value === 'GLOBALS' || REFLECTION_CLASSES.has(name) || name === 'closure::bind' || /^ffi($|\\|::)/.test(name)) {
      add('tamper-introspection', node, `the name ${JSON.stringify(value)}`);
    }
  };

  const name = (node: SyntaxNode, parent: SyntaxNode | null, inFunction: boolean): void => {
    const role = roleOf(node, parent);
    if (role === 'function') {
      const called = resolve(node, uses.functions, uses.classes);
      const rule = functionRule(called);
      if (rule && (called !== 'get_defined_vars' || !inFunction)) add(rule, node, `${called}()`);
    } else if (role === 'class') {
      const cls = resolve(node, uses.classes, uses.classes);
      const parentType = parent?.type ?? '';
      const method = parent?.childForFieldName('name');
      if (/^ffi($|\\)/.test(cls)) add('tamper-introspection', node, `the class ${node.text}`);
      else if (/^reflection[a-z]+$/.test(cls) && !ownClasses.has(cls) && ['object_creation_expression', 'scoped_call_expression', 'base_clause'].includes(parentType)) {
        add('tamper-introspection', node, `the class ${node.text}`);
      } else if (cls === 'closure' && parentType === 'scoped_call_expression' && (method?.type !== 'name' || method.text.toLowerCase() === 'bind')) {
        add('tamper-introspection', node, `Closure::${method?.text ?? ''}()`);
      }
    } else if (role === 'expression' && node.type === 'name' && ['exit', 'die'].includes(node.text.toLowerCase())) {
      add('tamper-exit', node, node.text);
    }
  };

  walkWithParents(tree.rootNode, (node, parent, inFunction) => {
    if (node.type === 'name' && HARNESS_NAME.test(node.text)) add('tamper-harness', node, `the harness's name ${node.text.slice(0, 40)}`);
    if (NAMES.has(node.type) && !NAMES.has(parent?.type ?? '') && parent?.type !== 'namespace_name') name(node, parent, inFunction);
    if (STRINGS.has(node.type)) text(literal(node).text, node);
    switch (node.type) {
      case 'exit_statement':
        add('tamper-exit', node, 'exit');
        break;
      case 'declare_statement':
        for (const directive of node.namedChildren.filter((d) => d.type === 'declare_directive')) {
          if (/^ticks\s*=/i.test(directive.text)) add('tamper-exit-hook', node, `declare(${directive.text})`);
        }
        break;
      case 'function_definition':
        if (node.childForFieldName('name')?.text.toLowerCase() === 'assert') add('tamper-assert', node, 'a function named assert');
        break;
      case 'variable_name':
        if (node.namedChild(0)?.text === 'GLOBALS') add('tamper-introspection', node, '$GLOBALS');
        break;
      case 'member_call_expression':
      case 'nullsafe_member_call_expression': {
        const method = node.childForFieldName('name');
        if (method?.type === 'name' && ['call', 'bindto'].includes(method.text.toLowerCase())) add('tamper-introspection', method, `->${method.text}() (runs a closure as another object)`);
        else if (method && method.type !== 'name') add('tamper-introspection', method, `->${method.text}() (a method whose name is computed at run time)`);
        break;
      }
      case 'scoped_call_expression': {
        const method = node.childForFieldName('name');
        if (method && method.type !== 'name') add('tamper-introspection', method, `::${method.text}() (a method whose name is computed at run time)`);
        break;
      }
      case 'function_call_expression': {
        const fn = node.childForFieldName('function');
        if (fn?.type === 'name' && fn.text.toLowerCase() === 'eval') add('tamper-introspection', fn, 'eval() (code the gate cannot read)');
        break;
      }
      case 'array_creation_expression':
        if (closureRebindCallable(node)) add('tamper-introspection', node, `${flatText(node).slice(0, 40)} (Closure::bind as a callable)`);
        break;
      case 'binary_expression': {
        if (isConcat(parent)) break;
        const operands = concatOperands(node);
        if (operands.length < 2) break;
        // Runs of literal operands: '/pr' . 'oc/' is the path it spells.
        let run = '';
        for (const operand of [...operands, null]) {
          const value = operand && STRINGS.has(operand.type) ? literal(operand) : null;
          if (value?.exact) run += value.text;
          else if (run !== '') {
            text(run, node);
            run = '';
          }
        }
        break;
      }
      default:
    }
  });
  return findings;
}
