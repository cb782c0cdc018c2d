// The tamper gate for PHP (see tamper.ts). Function and class names are case-insensitive, may carry a leading
// `\` and may come through a `use` alias; a string that names a function counts as the function, since PHP
// calls strings (`call_user_func('posix_kill', ...)`, `$f = 'ini_' . 'set'; $f(...)`).
import { tamperCollector, unescapeSequence, walk, type TamperRule } from './tamper.ts';
import type { SyntaxNode, Tree } from './tree-sitter.ts';
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
function roleOf(node: SyntaxNode): 'function' | 'class' | 'expression' | null {
  const parent = node.parent;
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

/** A string literal's text with escapes decoded and interpolations left out, and whether it has none. */
function literal(node: SyntaxNode): { text: string; exact: boolean } {
  let text = '';
  for (const part of node.descendantsOfType(['string_content', 'nowdoc_string', 'escape_sequence'])) {
    text += part.type === 'escape_sequence' ? unescapeSequence(part.text) : part.text;
  }
  const exact = !node.descendantsOfType(['variable_name', 'member_access_expression', 'subscript_expression']).length;
  return { text, exact };
}

function concatOperands(node: SyntaxNode): SyntaxNode[] {
  if (node.type !== 'binary_expression' || node.childForFieldName('operator')?.type !== '.') return [node];
  return [node.childForFieldName('left'), node.childForFieldName('right')].flatMap((n) => (n ? concatOperands(n) : []));
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
    else if (lower.includes('flywheelharness')) add('tamper-harness', node, 'the harness class FlywheelHarness');
    else if (rule) add(rule, node, `the function name ${JSON.stringify(value)}`);
    else if (value === 'GLOBALS' || REFLECTION_CLASSES.has(name) || name === 'closure::bind' || /^ffi($|\\|::)/.test(name)) {
      add('tamper-introspection', node, `the name ${JSON.stringify(value)}`);
    }
  };

  const name = (node: SyntaxNode, inFunction: boolean): void => {
    const role = roleOf(node);
    if (role === 'function') {
      const called = resolve(node, uses.functions, uses.classes);
      const rule = functionRule(called);
      if (rule && (called !== 'get_defined_vars' || !inFunction)) add(rule, node, `${called}()`);
    } else if (role === 'class') {
      const cls = resolve(node, uses.classes, uses.classes);
      const parent = node.parent?.type ?? '';
      if (/^ffi($|\\)/.test(cls)) add('tamper-introspection', node, `the class ${node.text}`);
      else if (/^reflection[a-z]+$/.test(cls) && !ownClasses.has(cls) && ['object_creation_expression', 'scoped_call_expression', 'base_clause'].includes(parent)) {
        add('tamper-introspection', node, `the class ${node.text}`);
      } else if (cls === 'closure' && parent === 'scoped_call_expression' && (node.parent?.childForFieldName('name')?.type !== 'name' || node.parent?.childForFieldName('name')?.text.toLowerCase() === 'bind')) {
        add('tamper-introspection', node, `Closure::${node.parent?.childForFieldName('name')?.text ?? ''}()`);
      }
    } else if (role === 'expression' && node.type === 'name' && ['exit', 'die'].includes(node.text.toLowerCase())) {
      add('tamper-exit', node, node.text);
    }
  };

  walk(tree.rootNode, (node, inFunction) => {
    if (node.type === 'name' && node.text.toLowerCase() === 'flywheelharness') add('tamper-harness', node, 'the harness class FlywheelHarness');
    if (NAMES.has(node.type) && !NAMES.has(node.parent?.type ?? '') && node.parent?.type !== 'namespace_name') name(node, inFunction);
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
      case 'binary_expression': {
        if (node.parent?.type === 'binary_expression' && node.parent.childForFieldName('operator')?.type === '.') break;
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
  }, (node) => FUNCTION_SCOPES.has(node.type));
  return findings;
}
