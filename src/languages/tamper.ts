// The static tamper gate: what a sample could do to its own verdict that the runtime cannot stop in every
// case, found on the host in the tree-sitter trees of solution and tests before any sandbox job starts. Each
// rule is a `flywheel:tamper-*` lint error with its reason in the README's lint table; the per-language
// detectors live in tamper-python.ts, tamper-php.ts and tamper-ecmascript.ts.
import type { SyntaxNode } from './tree-sitter.ts';
import type { Diagnostic } from './types.ts';

export const TAMPER_RULES = {
  'tamper-exit': 'ends the process, or kills or signals one: a run that stops early must not pass for one that finished',
  'tamper-exit-hook': 'registers code to run at exit or on an uncaught error, after the tests have spoken (atexit, shutdown functions, process.on(\'exit\'))',
  'tamper-builtins': 'replaces builtins or globals, or members of built-in objects and their prototypes, that the tests and the harness compare with',
  'tamper-modules': 'reaches into the module table or the harness\'s modules (sys.modules, __main__, __import__, require.cache)',
  'tamper-assert': 'rewrites the assertion machinery (unittest\'s assertions, node:assert, console.assert, a function named assert)',
  'tamper-introspection': 'reads or rewrites other code\'s frames, variables, objects or memory (frames, gc, ctypes, FFI, Reflection, $GLOBALS, Closure::bind, /proc)',
  'tamper-always-equal': 'a comparison method that ignores what it is compared with: an object equal to anything passes every `==`',
  'tamper-lint-switch': 'switches the linter or the type checker off from inside the file (@ts-nocheck, @ts-ignore, eslint-disable, /* global */)',
  'tamper-ini': 'changes PHP\'s settings or environment at run time (ini_set, assert_options, putenv, dl: assertions can be switched off)',
  'tamper-harness': 'talks to the harness\'s channel, worker, process or engine internals (parentPort, process.binding, v8 flags, /proc, php://fd, the harness\'s names)',
} as const;

export type TamperRule = keyof typeof TAMPER_RULES;

/** Most findings reported per file: one is enough to fail, a few help the revision. */
const MAX_PER_FILE = 8;

/** Collects findings for one file, at most MAX_PER_FILE, one per rule and line. */
export function tamperCollector(file: string): { add(rule: TamperRule, node: SyntaxNode, what: string): void; findings: Diagnostic[] } {
  const findings: Diagnostic[] = [];
  const seen = new Set<string>();
  return {
    findings,
    add(rule, node, what) {
      const line = node.startPosition.row + 1;
      const key = `${rule}:${line}`;
      if (seen.has(key) || findings.length >= MAX_PER_FILE) return;
      seen.add(key);
      findings.push({
        stage: 'lint', severity: 'error', file, line, column: node.startPosition.column + 1, rule: `flywheel:${rule}`,
        message: `${what}: ${TAMPER_RULES[rule]}`,
      });
    },
  };
}

/** Every node of the tree, pre-order, with a flag telling whether an ancestor satisfies `inside`. */
export function walk(root: SyntaxNode, visit: (node: SyntaxNode, inside: boolean) => void, inside: (node: SyntaxNode) => boolean = () => false): void {
  const stack: [SyntaxNode, boolean][] = [[root, false]];
  while (stack.length > 0) {
    const [node, flagged] = stack.pop() as [SyntaxNode, boolean];
    const now = flagged || inside(node);
    visit(node, now);
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (child) stack.push([child, now]);
    }
  }
}

/** The text of a string literal node without its quotes (and without interpolations), or null. */
export function stringValue(node: SyntaxNode | null | undefined): string | null {
  if (!node) return null;
  const parts = node.descendantsOfType(['string_content', 'string_fragment', 'string_value']);
  if (parts.length > 0) return parts.map((p) => p.text).join('');
  if (/^(['"`])[^]*\1$/.test(node.text)) return node.text.slice(1, -1);
  return null;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f', b: '\b', 0: '\0' };

/**
 * The character an escape sequence of a JavaScript or PHP string stands for (`\x2f` is `/`): a path spelt with
 * escapes is the same path. `\e` is read as JavaScript reads it (`e`): PHP's escape character is in no name we look for.
 */
export function unescapeSequence(sequence: string): string {
  const body = sequence.slice(1);
  const hex = /^x([0-9a-f]{1,2})$/i.exec(body) ?? /^u\{([0-9a-f]+)\}$/i.exec(body) ?? /^u([0-9a-f]{4})$/i.exec(body);
  if (hex) {
    const code = parseInt(hex[1] ?? '', 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '';
  }
  if (/^[0-7]{1,3}$/.test(body)) return String.fromCharCode(parseInt(body, 8) & 0xff);
  if (/^(\r\n|\n|\r|\u2028|\u2029)$/.test(body)) return '';
  return SIMPLE_ESCAPES[body] ?? body;
}
