// The tamper gate for Python (see tamper.ts): names are resolved through the file's imports, so `from os
// import _exit as e; e(0)` and `getattr(os, '_exit')(0)` are `os._exit` as much as the plain call is.
import { stringValue, tamperCollector, walk, type TamperRule } from './tamper.ts';
import type { SyntaxNode, Tree } from './tree-sitter.ts';
import type { Diagnostic } from './types.ts';

/** Calls that end or signal a process wherever they are. */
const HARD_EXITS = new Set(['os._exit', 'os.abort', 'os.kill', 'os.killpg', 'posix._exit', 'posix.kill', 'os.exit', 'signal.pthread_kill']);
/** Calls that end the process, allowed only under `if __name__ == '__main__':` (which never runs in the solution). */
const SOFT_EXITS = new Set(['sys.exit', 'exit', 'quit', 'builtins.exit', 'builtins.quit']);
const EXIT_HOOKS = new Set(['atexit.register', 'atexit.unregister', 'weakref.finalize']);
const HOOK_TARGETS = new Set(['sys.excepthook', 'sys.unraisablehook', 'threading.excepthook', 'sys.displayhook']);
const INTROSPECTION_CALLS = new Set([
  'sys._getframe', 'sys._current_frames', 'sys._current_exceptions', 'sys.settrace', 'sys.setprofile', 'sys.call_tracing',
  'sys.addaudithook', 'threading.settrace', 'threading.setprofile', 'gc.get_objects', 'gc.get_referrers', 'gc.get_referents',
  'inspect.currentframe', 'inspect.stack', 'inspect.trace', 'inspect.getouterframes', 'inspect.getinnerframes',
  'inspect.getframeinfo', 'inspect.getgeneratorlocals', 'inspect.getcoroutinelocals', 'types.CodeType', 'types.FrameType',
]);
const INTROSPECTION_MODULES = new Set(['ctypes', '_ctypes', 'cffi', 'mmap', '_testcapi', 'faulthandler']);
const FRAME_ATTRIBUTES = new Set([
  'f_back', 'f_globals', 'f_locals', 'f_builtins', 'f_code', 'f_trace', 'tb_frame', 'tb_next', 'gi_frame', 'cr_frame', 'ag_frame',
  '__globals__', '__closure__', '__code__', '__subclasses__', '__builtins__',
]);
const MODULE_TABLE = new Set(['sys.modules', 'sys.meta_path', 'sys.path_hooks', 'importlib.reload', '__import__', 'builtins.__import__']);
/** Writes to these (the written name, or the object it belongs to) change what every later line sees. */
const GUARDED_WRITES: [RegExp, TamperRule][] = [
  [/^builtins(\.|$)/, 'tamper-builtins'],
  [/^(unittest|unittest\.case)(\.|$)|(^|\.)TestCase(\.|$)|(^|\.)assert([A-Z]\w*)?$|^AssertionError$/, 'tamper-assert'],
  [/^sys\.modules(\.|$)/, 'tamper-modules'],
  [/^(sys\.(?!(stdout|stderr|stdin)$)|os\.(?!environ(\.|$))|signal\.|gc\.|inspect\.|threading\.|atexit\.)/, 'tamper-builtins'],
];
/** Builtins the rules name; other unimported names are the file's own. */
const BUILTIN_NAMES = new Set(['exit', 'quit', '__import__', 'getattr', 'setattr', 'delattr', 'vars', 'globals', 'AssertionError', 'object']);
const COMPARISONS = new Set(['__eq__', '__ne__', '__lt__', '__le__', '__gt__', '__ge__', '__contains__']);
/** Binary operators whose answer should depend on the other operand. */
const OPERATORS = new Set(['__sub__', '__rsub__', '__add__', '__radd__', '__mul__', '__rmul__', '__truediv__', '__rtruediv__', '__floordiv__', '__mod__', '__and__', '__or__', '__xor__']);

function aliasesOf(root: SyntaxNode): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const node of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    const from = node.type === 'import_from_statement' ? node.childForFieldName('module_name')?.text ?? '' : null;
    for (const item of node.childrenForFieldName('name')) {
      const target = item.type === 'aliased_import' ? item.childForFieldName('name')?.text ?? '' : item.text;
      const local = item.type === 'aliased_import' ? item.childForFieldName('alias')?.text ?? target : target.split('.')[0] ?? target;
      const full = from !== null ? `${from}.${target}` : item.type === 'aliased_import' ? target : local;
      aliases.set(local, full);
    }
  }
  return aliases;
}

/** `os._exit`, for the expression that names it here (through import aliases and `getattr(x, 'name')`). */
function canonical(node: SyntaxNode | null | undefined, aliases: Map<string, string>): string | null {
  if (!node) return null;
  if (node.type === 'identifier') return aliases.get(node.text) ?? (BUILTIN_NAMES.has(node.text) ? node.text : `?${node.text}`);
  if (node.type === 'attribute') {
    const base = canonical(node.childForFieldName('object'), aliases);
    const attr = node.childForFieldName('attribute')?.text;
    return base && attr ? `${base}.${attr}` : null;
  }
  if (node.type === 'call' && node.childForFieldName('function')?.text === 'getattr') {
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    const name = stringValue(args[1]);
    const base = canonical(args[0], aliases);
    return base && name ? `${base}.${name}` : null;
  }
  if (node.type === 'call' && ['__import__', 'importlib.import_module'].includes(canonical(node.childForFieldName('function'), aliases) ?? '')) {
    return stringValue(node.childForFieldName('arguments')?.namedChildren[0]);
  }
  return null;
}

function isMainGuard(node: SyntaxNode): boolean {
  return node.type === 'if_statement' && /^__name__\s*==\s*['"]__main__['"]$|^['"]__main__['"]\s*==\s*__name__$/.test(node.childForFieldName('condition')?.text ?? '');
}

/** Names a function's body uses. */
function usesName(fn: SyntaxNode, name: string): boolean {
  const body = fn.childForFieldName('body');
  return !!body && body.descendantsOfType('identifier').some((n) => n.text === name);
}

/** `return x` statements other than `return NotImplemented` (which an honest comparison gives a stranger). */
function answers(fn: SyntaxNode): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  if (fn.type === 'lambda') return body.text !== 'NotImplemented';
  return body.descendantsOfType('return_statement').some((r) => {
    const value = r.namedChildren[0];
    return value !== undefined && value.text !== 'NotImplemented';
  });
}

/** The second parameter's name (`other`), null when there is none to use (`*args` included). */
function otherParameter(fn: SyntaxNode): string | null {
  const params = fn.childForFieldName('parameters')?.namedChildren ?? [];
  const second = params[1];
  if (!second) return null;
  if (second.type === 'identifier') return second.text;
  return second.childForFieldName('name')?.text ?? second.namedChildren.find((n) => n.type === 'identifier')?.text ?? null;
}

function checkDunders(cls: SyntaxNode, add: (rule: TamperRule, node: SyntaxNode, what: string) => void): void {
  for (const member of cls.childForFieldName('body')?.namedChildren ?? []) {
    let fn: SyntaxNode | null = null;
    let name = '';
    const def = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    if (def?.type === 'function_definition') {
      fn = def;
      name = def.childForFieldName('name')?.text ?? '';
    } else if (member.type === 'expression_statement' && member.namedChildren[0]?.type === 'assignment') {
      const assignment = member.namedChildren[0];
      name = assignment.childForFieldName('left')?.text ?? '';
      const right = assignment.childForFieldName('right');
      fn = right?.type === 'lambda' ? right : null;
      if ((COMPARISONS.has(name) || OPERATORS.has(name)) && !fn && right) {
        add('tamper-always-equal', member, `${name} is set to ${right.text.slice(0, 40)}, not a method that looks at what it is compared with`);
        continue;
      }
    }
    if (!fn || !(COMPARISONS.has(name) || OPERATORS.has(name))) continue;
    const other = otherParameter(fn);
    if ((other === null || !usesName(fn, other)) && answers(fn)) {
      add('tamper-always-equal', fn, `${name} answers without looking at ${other ?? 'the other operand'}`);
    }
  }
}

export function pythonTamper(tree: Tree, file: string): Diagnostic[] {
  const { add, findings } = tamperCollector(file);
  const aliases = aliasesOf(tree.rootNode);
  const guardWrite = (names: string[], node: SyntaxNode, how: string): void => {
    for (const [pattern, rule] of GUARDED_WRITES) {
      if (names.some((name) => pattern.test(name))) {
        add(rule, node, `${how} ${node.text.slice(0, 60)}`);
        return;
      }
    }
  };
  const writeTarget = (target: SyntaxNode, how: string): void => {
    if (target.type === 'attribute') {
      guardWrite([canonical(target, aliases) ?? '', canonical(target.childForFieldName('object'), aliases) ?? ''], target, how);
    } else if (target.type === 'subscript') {
      guardWrite([canonical(target.childForFieldName('value'), aliases) ?? ''], target, how);
    } else if (target.type === 'identifier' && target.text === 'AssertionError') {
      add('tamper-assert', target, `${how} AssertionError`);
    } else if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern') {
      for (const part of target.namedChildren) writeTarget(part, how);
    }
  };

  walk(tree.rootNode, (node, guarded) => {
    switch (node.type) {
      case 'call': {
        const callee = canonical(node.childForFieldName('function'), aliases) ?? '';
        const args = node.childForFieldName('arguments')?.namedChildren ?? [];
        if (HARD_EXITS.has(callee) || callee.startsWith('signal.') && !/^signal\.(Signals|SIG\w+)$/.test(callee)) add('tamper-exit', node, `${callee}()`);
        else if (SOFT_EXITS.has(callee) && !guarded) add('tamper-exit', node, `${callee}()`);
        else if (EXIT_HOOKS.has(callee)) add('tamper-exit-hook', node, `${callee}()`);
        else if (INTROSPECTION_CALLS.has(callee)) add('tamper-introspection', node, `${callee}()`);
        else if (MODULE_TABLE.has(callee)) add('tamper-modules', node, `${callee}()`);
        else if (callee === 'importlib.import_module' && stringValue(args[0]) === null) add('tamper-modules', node, 'importlib.import_module() of a computed name');
        else if (['setattr', 'delattr', 'object.__setattr__', 'object.__delattr__'].includes(callee) && args[0]) {
          const base = canonical(args[0], aliases) ?? '';
          const name = stringValue(args[1]);
          guardWrite([base, name === null ? base : `${base}.${name}`], node, `${callee}() on`);
        } else if (['vars', 'dir', 'globals'].includes(callee) && /^builtins$/.test(canonical(args[0], aliases) ?? '')) add('tamper-builtins', node, `${callee}(builtins)`);
        else if (['getattr', 'setattr', 'delattr'].includes(callee) && args[1] && stringValue(args[1]) === null) {
          const base = canonical(args[0], aliases) ?? '';
          if (/^(os|sys|builtins|signal|gc|inspect|ctypes|unittest|importlib|atexit)(\.|$)/.test(base)) add('tamper-introspection', node, `${callee}(${base}, <computed name>)`);
        }
        break;
      }
      case 'assignment':
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        if (left) writeTarget(left, 'assigns');
        if (left && HOOK_TARGETS.has(canonical(left, aliases) ?? '')) add('tamper-exit-hook', node, `assigns ${left.text}`);
        break;
      }
      case 'delete_statement':
        for (const target of node.namedChildren.flatMap((n) => (n.type === 'expression_list' ? n.namedChildren : [n]))) writeTarget(target, 'deletes');
        break;
      case 'attribute': {
        const attr = node.childForFieldName('attribute')?.text ?? '';
        const name = canonical(node, aliases) ?? '';
        if (FRAME_ATTRIBUTES.has(attr)) add('tamper-introspection', node, `.${attr}`);
        else if (MODULE_TABLE.has(name) && node.parent?.type !== 'call') add('tamper-modules', node, name);
        else if (/^atexit\./.test(name)) add('tamper-exit-hook', node, name);
        break;
      }
      case 'identifier':
        if (node.text === '__builtins__') add('tamper-builtins', node, '__builtins__');
        else if (/^__flywheel/.test(node.text) || node.text === 'flywheel_harness') add('tamper-harness', node, node.text);
        break;
      case 'import_statement':
      case 'import_from_statement': {
        const modules = node.type === 'import_from_statement'
          ? [node.childForFieldName('module_name')?.text ?? '']
          : node.childrenForFieldName('name').map((n) => (n.type === 'aliased_import' ? n.childForFieldName('name')?.text ?? '' : n.text));
        for (const m of modules) {
          const top = m.split('.')[0] ?? '';
          if (INTROSPECTION_MODULES.has(top)) add('tamper-introspection', node, `import ${m}`);
          else if (top === '__main__' || top === 'flywheel_harness') add('tamper-modules', node, `import ${m}`);
          else if (top === 'atexit') add('tamper-exit-hook', node, `import ${m}`);
        }
        break;
      }
      case 'string': {
        const value = stringValue(node) ?? '';
        if (/\/proc\/|\/dev\/mem/.test(value)) add('tamper-introspection', node, `the path ${JSON.stringify(value.slice(0, 40))}`);
        else if (value === '__builtins__') add('tamper-builtins', node, 'the name __builtins__');
        break;
      }
      case 'raise_statement': {
        const raised = node.namedChildren[0]?.text ?? '';
        if (/^(SystemExit|KeyboardInterrupt|GeneratorExit)\b/.test(raised) && !guarded) add('tamper-exit', node, `raise ${raised.slice(0, 40)}`);
        break;
      }
      case 'class_definition':
        checkDunders(node, add);
        break;
      default:
    }
  }, isMainGuard);
  return findings;
}
