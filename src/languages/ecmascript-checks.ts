// The checks of TypeScript and JavaScript tests: calls of node:assert's functions and of console.assert, found
// on the host in the tests' tree. The test job counts the ones that run (each is wrapped in a call of the
// harness's counter, a name the tamper gate refuses in samples), and a test with checks of its own that ran none
// of them fails: its asserts were in a callback that was never called, of a promise that never settled or of a
// thenable that skipped it, or in a closure it returned. A test written with `if (...) throw` has no such checks
// and is not counted.
import { esNames, type EsNames } from './tamper-ecmascript-names.ts';
import type { SyntaxNode } from './tree-sitter.ts';

/** The harness's counter, a parameter of the tests' code in the test job. */
export const CHECK_COUNTER = '__flywheel_check';
/** node:assert itself or any of its functions (its classes are constructed, not called), and console.assert. */
const CHECK_PATH = /^module:assert(\.(?!AssertionError$|CallTracker$)[^.]+)?$|^console\.assert$/;
const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);

function checkCallsOf(root: SyntaxNode, names: EsNames): SyntaxNode[] {
  return root.descendantsOfType('call_expression').filter((call) => CHECK_PATH.test(names.path(call.childForFieldName('function')) ?? ''));
}

/** Every check call of a tests file. */
export function checkCalls(root: SyntaxNode): SyntaxNode[] {
  return checkCallsOf(root, esNames(root));
}

/** Top-level functions of the file by name: declarations, and `const f = () => ...`. */
function topLevelFunctions(root: SyntaxNode): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const child of root.namedChildren) {
    const decl = child.type === 'export_statement' ? child.childForFieldName('declaration') : child;
    if (!decl) continue;
    if (decl.type === 'function_declaration' || decl.type === 'generator_function_declaration') {
      const name = decl.childForFieldName('name')?.text;
      if (name) out.set(name, decl);
    } else if (decl.type === 'lexical_declaration' || decl.type === 'variable_declaration') {
      for (const d of decl.namedChildren.filter((n) => n.type === 'variable_declarator')) {
        const name = d.childForFieldName('name');
        if (name?.type === 'identifier' && FUNCTION_VALUES.has(d.childForFieldName('value')?.type ?? '')) out.set(name.text, d);
      }
    }
  }
  return out;
}

/**
 * The test functions that make checks: directly, or through a top-level helper of the tests that does
 * (`function check(a, b) { assert.equal(a, b); }`), however deep.
 */
export function checkedTests(root: SyntaxNode, testNames: readonly string[]): string[] {
  const names = esNames(root);
  const functions = topLevelFunctions(root);
  const byNode = new Map([...functions].map(([name, decl]) => [decl.id, name]));
  const owner = (node: SyntaxNode): string | null => {
    for (let p: SyntaxNode | null = node; p; p = p.parent) {
      const name = byNode.get(p.id);
      if (name !== undefined) return name;
    }
    return null;
  };
  const checking = new Set<string>();
  for (const call of checkCallsOf(root, names)) {
    const name = owner(call);
    if (name !== null) checking.add(name);
  }
  // Who mentions whom (called, or handed on as a callback), walked back from the functions that check.
  const callers = new Map<string, Set<string>>();
  for (const [name, decl] of functions) {
    for (const id of decl.descendantsOfType('identifier')) {
      if (!functions.has(id.text) || !names.topLevel(id)) continue;
      const set = callers.get(id.text) ?? new Set<string>();
      set.add(name);
      callers.set(id.text, set);
    }
  }
  const queue = [...checking];
  while (queue.length > 0) {
    for (const caller of callers.get(queue.pop() as string) ?? []) {
      if (checking.has(caller)) continue;
      checking.add(caller);
      queue.push(caller);
    }
  }
  return testNames.filter((name) => checking.has(name));
}

/** The text with each check call wrapped in the counter: `__flywheel_check(assert.equal(a, b))`. Lines stay. */
export function countChecks(text: string, calls: readonly SyntaxNode[]): string {
  // In text order; where one call ends as another begins, the `)` goes first.
  const edits = calls
    .flatMap((call) => [{ at: call.startIndex, insert: `${CHECK_COUNTER}(`, order: 1 }, { at: call.endIndex, insert: ')', order: 0 }])
    .sort((a, b) => a.at - b.at || a.order - b.order);
  const parts: string[] = [];
  let from = 0;
  for (const edit of edits) {
    parts.push(text.slice(from, edit.at), edit.insert);
    from = edit.at;
  }
  parts.push(text.slice(from));
  return parts.join('');
}
