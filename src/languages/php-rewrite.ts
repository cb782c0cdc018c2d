// The PHP tests as they run: the host rewrites the copy the sandbox gets so that what decides a case goes
// through the harness (sandbox-images/php/harness/run.php) instead of PHP's type juggling:
//   a OP b                 -> \flywheel_check(a , 'OP', b)        every comparison, `<=>` included
//   assert(x, ...)         -> \flywheel_assert('x as written', x, ...)
//   in_array(...)          -> \flywheel_in_array(...)             likewise array_search, array_keys(a, v, ...)
//   switch (x) { case v:   -> switch (\flywheel_switch(x)) { case \flywheel_switch(v, true):
//   catch (E $e) { ...     -> catch (E $e) {\flywheel_caught(); ...
// Every insertion is on the line it belongs to, so lines (and columns before each edit) stay where they were.
// The walk is iterative and each edit is made once, so neither deep nesting nor a long chain costs more than
// its size.
import type { SyntaxNode, Tree } from './tree-sitter.ts';

const COMPARISONS = new Set(['==', '!=', '<>', '===', '!==', '<', '>', '<=', '>=', '<=>']);
/** Loose-comparing functions of the tests and their stand-ins (array_keys only with a search value). */
const SEARCHES = new Map([['in_array', 'flywheel_in_array'], ['array_search', 'flywheel_array_search'], ['array_keys', 'flywheel_array_keys']]);
/** Where PHP wants a constant expression: a function call there would not compile. */
const CONSTANT_CONTEXTS = new Set([
  'const_declaration', 'property_declaration', 'simple_parameter', 'property_promotion_parameter', 'static_variable_declaration',
  'attribute_list', 'enum_case', 'declare_statement',
]);
/** The assertion's text in its message is cut here (the message is capped anyway). */
const ASSERT_TEXT_LIMIT = 500;

interface Edit {
  start: number;
  end: number;
  text: string;
  /**
   * At one offset: closing parentheses first (innermost first), then openings (outermost first), then the token
   * replaced there (the first token of whatever opens at that offset).
   */
  kind: 0 | 1 | 2;
  depth: number;
}

/** A single-quoted PHP string of `text` on one line. */
function phpString(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cut = flat.length > ASSERT_TEXT_LIMIT ? `${flat.slice(0, ASSERT_TEXT_LIMIT)}...` : flat;
  return `'${cut.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

function calledName(call: SyntaxNode): { node: SyntaxNode; name: string } | null {
  const fn = call.childForFieldName('function');
  if (!fn || (fn.type !== 'name' && fn.type !== 'qualified_name')) return null;
  const name = fn.text.replace(/\s+/g, '').toLowerCase();
  return { node: fn, name: name.startsWith('\\') ? name.slice(1) : name };
}

function editsOf(node: SyntaxNode, depth: number, edits: Edit[]): void {
  switch (node.type) {
    case 'binary_expression': {
      const op = node.childForFieldName('operator');
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!op || !left || !right || !COMPARISONS.has(op.text)) return;
      edits.push(
        { start: node.startIndex, end: node.startIndex, text: '\\flywheel_check(', kind: 1, depth },
        { start: op.startIndex, end: op.endIndex, text: `, '${op.text}',`, kind: 2, depth },
        { start: node.endIndex, end: node.endIndex, text: ')', kind: 0, depth },
      );
      return;
    }
    case 'function_call_expression': {
      const called = calledName(node);
      const args = node.childForFieldName('arguments');
      if (!called || args?.type !== 'arguments') return;
      if (called.name === 'assert') {
        const first = args.namedChildren[0];
        edits.push(
          { start: called.node.startIndex, end: called.node.endIndex, text: '\\flywheel_assert', kind: 2, depth },
          { start: args.startIndex + 1, end: args.startIndex + 1, text: `${phpString(first?.text ?? '')}, `, kind: 1, depth },
        );
        return;
      }
      const stand = SEARCHES.get(called.name);
      if (stand && (called.name !== 'array_keys' || args.namedChildren.length >= 2)) {
        edits.push({ start: called.node.startIndex, end: called.node.endIndex, text: `\\${stand}`, kind: 2, depth });
      }
      return;
    }
    case 'switch_statement': {
      const condition = node.childForFieldName('condition');
      if (condition?.type !== 'parenthesized_expression') return;
      edits.push(
        { start: condition.startIndex + 1, end: condition.startIndex + 1, text: '\\flywheel_switch(', kind: 1, depth },
        { start: condition.endIndex - 1, end: condition.endIndex - 1, text: ')', kind: 0, depth },
      );
      return;
    }
    case 'case_statement': {
      const value = node.childForFieldName('value');
      if (!value) return;
      edits.push(
        { start: value.startIndex, end: value.startIndex, text: '\\flywheel_switch(', kind: 1, depth },
        { start: value.endIndex, end: value.endIndex, text: ', true)', kind: 0, depth },
      );
      return;
    }
    case 'catch_clause': {
      const body = node.childForFieldName('body');
      if (body?.type === 'compound_statement') edits.push({ start: body.startIndex + 1, end: body.startIndex + 1, text: '\\flywheel_caught();', kind: 1, depth });
      return;
    }
    default:
  }
}

/** The tests' source as the harness runs it (see the top of this file). */
export function testsAsRun(source: string, tree: Tree): string {
  const edits: Edit[] = [];
  const stack: [SyntaxNode, number][] = [[tree.rootNode, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [SyntaxNode, number];
    if (CONSTANT_CONTEXTS.has(node.type)) continue;
    editsOf(node, depth, edits);
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (child) stack.push([child, depth + 1]);
    }
  }
  edits.sort((a, b) => a.start - b.start || a.kind - b.kind || (a.kind === 0 ? b.depth - a.depth : a.depth - b.depth));
  const parts: string[] = [];
  let at = 0;
  for (const edit of edits) {
    parts.push(source.slice(at, edit.start), edit.text);
    at = Math.max(at, edit.end);
  }
  parts.push(source.slice(at));
  return parts.join('');
}
