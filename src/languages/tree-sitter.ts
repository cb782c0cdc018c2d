// Native tree-sitter on the host: grammar loading (lazily, the first parse pays for it), syntax diagnostics
// from ERROR and MISSING nodes, and small tree helpers the language files share.
import { createRequire } from 'node:module';
import type Parser from 'tree-sitter';
import type { Diagnostic } from './types.ts';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

const require = createRequire(import.meta.url);
/** Most syntax diagnostics reported per file: past the first few, they are echoes of the same mistake. */
const MAX_SYNTAX_DIAGNOSTICS = 10;
const SNIPPET_CHARS = 40;

type Grammar = Parameters<Parser['setLanguage']>[0];

/** A parse function for one grammar; the parser is made on first use and reused (parsing is synchronous). */
export function grammarParser(load: () => unknown): (source: string) => Tree {
  let parser: Parser | undefined;
  return (source) => {
    if (!parser) {
      const ParserClass = require('tree-sitter') as typeof Parser;
      parser = new ParserClass();
      parser.setLanguage(load() as Grammar);
    }
    return parser.parse(source);
  };
}

export function requireGrammar(name: string): unknown {
  return require(name);
}

function snippet(text: string): string {
  const line = (text.split('\n')[0] ?? '').trim();
  return line.length > SNIPPET_CHARS ? `${line.slice(0, SNIPPET_CHARS)}...` : line;
}

const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/**
 * An ERROR node often spans from the construct the parser gave up on to the end of the file; an unclosed or
 * unmatched bracket inside it is then the place to point at.
 */
function unbalancedBracket(error: SyntaxNode): { node: SyntaxNode; message: string } | undefined {
  const open: SyntaxNode[] = [];
  const leaves: SyntaxNode[] = [];
  const collect = (n: SyntaxNode): void => {
    if (n.childCount === 0) leaves.push(n);
    else for (const c of n.children) collect(c);
  };
  collect(error);
  for (const leaf of leaves) {
    if (leaf.isMissing) continue;
    if (leaf.type === '(' || leaf.type === '[' || leaf.type === '{') open.push(leaf);
    const opener = CLOSERS[leaf.type];
    if (opener === undefined) continue;
    if (open.at(-1)?.type === opener) open.pop();
    else return { node: leaf, message: `syntax error: ${JSON.stringify(leaf.type)} has no matching ${JSON.stringify(opener)}` };
  }
  const unclosed = open.at(-1);
  return unclosed ? { node: unclosed, message: `syntax error: ${JSON.stringify(unclosed.type)} is never closed` } : undefined;
}

/** ERROR and MISSING nodes as parse-stage diagnostics with 1-based positions and the offending text. */
export function syntaxDiagnostics(tree: Tree, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (node: SyntaxNode): void => {
    if (out.length >= MAX_SYNTAX_DIAGNOSTICS) return;
    const at = { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
    if (node.isMissing) {
      out.push({ stage: 'parse', severity: 'error', file, ...at, rule: 'tree-sitter:MISSING', message: `syntax error: missing ${JSON.stringify(node.type)}` });
      return;
    }
    if (node.type === 'ERROR') {
      const bracket = unbalancedBracket(node);
      if (bracket) {
        out.push({ stage: 'parse', severity: 'error', file, ...position(bracket.node), rule: 'tree-sitter:ERROR', message: bracket.message });
        return;
      }
      const text = snippet(node.text);
      const lastRow = node.endPosition.row + (node.endPosition.column === 0 ? 0 : 1);
      const span = lastRow > at.line ? ` (lines ${at.line}-${lastRow})` : '';
      const message = text === '' ? 'syntax error: unexpected end of input' : `syntax error at ${JSON.stringify(text)}${span}`;
      out.push({ stage: 'parse', severity: 'error', file, ...at, rule: 'tree-sitter:ERROR', message });
      // Errors nested inside an ERROR node are the same mistake seen again.
      return;
    }
    for (const child of node.children) if (child.hasError || child.isMissing) visit(child);
  };
  if (tree.rootNode.hasError) visit(tree.rootNode);
  return out;
}

/** Every node of the subtree (pre-order) whose type is in `types`. */
export function descendants(node: SyntaxNode, types: readonly string[]): SyntaxNode[] {
  return node.descendantsOfType(types as string[]);
}

/** Identifiers (of the given node types) mentioned anywhere in the tree. */
export function mentionedNames(tree: Tree, types: readonly string[]): Set<string> {
  return new Set(descendants(tree.rootNode, types).map((n) => n.text));
}

export function position(node: SyntaxNode): { line: number; column: number } {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** Text of a node with runs of whitespace (newlines in long signatures) folded to one space. */
export function flatText(node: SyntaxNode | null | undefined): string {
  return node ? node.text.replace(/\s+/g, ' ').trim() : '';
}
