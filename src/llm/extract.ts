// Getting the code out of a model's answer. Answers come as one fenced block, several (solution plus a usage
// example, or a translation's solution and tests), a fence cut off by max_tokens, or bare code.
import { LANGUAGES, languageInfo, languageNames } from '../languages/registry.ts';

export interface CodeBlock {
  code: string;
  /** The fence's language tag, lower-cased ('' when untagged or not fenced). */
  tag: string;
  fenced: boolean;
  /** The fence was never closed: the answer was probably cut off. */
  unterminated: boolean;
}

/** Whether a fence tag names `language` (`py` is python, `ts` is typescript, ...: the registry's fence tags). */
export function tagMatches(tag: string, language: string): boolean {
  const wanted = language.toLowerCase();
  return (languageInfo(wanted)?.fenceTags ?? [wanted]).includes(tag.toLowerCase());
}

/** Every fenced block of `answer` in order; an opening fence without a close runs to the end. */
export function fencedBlocks(answer: string): CodeBlock[] {
  const lines = answer.replace(/\r\n?/g, '\n').split('\n');
  const blocks: CodeBlock[] = [];
  let open: { marker: string; indent: number; tag: string; body: string[] } | null = null;
  for (const line of lines) {
    if (open === null) {
      const start = /^([ \t]*)(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$/.exec(line);
      if (start) open = { marker: start[2] as string, indent: (start[1] as string).length, tag: (start[3] ?? '').toLowerCase().replace(/^\{?\.?|\}$/g, ''), body: [] };
      continue;
    }
    const close = /^[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(line);
    if (close && (close[1] as string)[0] === open.marker[0] && (close[1] as string).length >= open.marker.length) {
      blocks.push({ code: dedent(open.body, open.indent), tag: open.tag, fenced: true, unterminated: false });
      open = null;
      continue;
    }
    open.body.push(line);
  }
  if (open !== null) {
    const body = open.body;
    // A cut-off answer may end inside the closing fence ("``").
    while (body.length > 0 && /^[ \t]*`{1,2}[ \t]*$/.test(body[body.length - 1] as string)) body.pop();
    blocks.push({ code: dedent(body, open.indent), tag: open.tag, fenced: true, unterminated: true });
  }
  return blocks;
}

// A fence indented inside a list item indents its body by the same amount.
function dedent(lines: string[], indent: number): string {
  const body = indent === 0 ? lines : lines.map((l) => l.replace(new RegExp(`^[ \\t]{0,${indent}}`), ''));
  return body.join('\n').replace(/^\n+|\s+$/g, '');
}

// How a line of code starts in some language (or any: a shebang, a decorator), then what code lines look like.
const codeStart = [...languageNames.map((name) => LANGUAGES[name].codeStart), /^(#!|@\w+)/];
const codeLine = [
  ...codeStart,
  /[{};]\s*$/,
  /^[}\])]/,
  /^\s*(#|\/\/|\/\*|\*)/,
  /^\w[\w.]*\s*(=|\+=|-=|\()/,
];

/** Whether unfenced text reads as code rather than prose (most non-empty lines look like code). */
export function looksLikeCode(text: string): boolean {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return false;
  const first = lines[0] as string;
  const codeLines = lines.filter((l) => codeLine.some((re) => re.test(l))).length;
  const startsAsCode = codeStart.some((re) => re.test(first));
  return startsAsCode ? codeLines * 2 >= lines.length : codeLines * 4 >= lines.length * 3;
}

/**
 * The code of `answer`, or null when it holds none. With several fenced blocks: the longest tagged with
 * `language` (aliases count), else the longest untagged one, else the longest of all. Without fences: the
 * whole answer if it looks like code.
 */
export function extractCode(answer: string, language?: string): CodeBlock | null {
  const blocks = fencedBlocks(answer).filter((b) => b.code.trim() !== '');
  if (blocks.length > 0) {
    const longest = (list: CodeBlock[]): CodeBlock | null =>
      list.reduce<CodeBlock | null>((best, b) => (best === null || b.code.length > best.code.length ? b : best), null);
    const tagged = language === undefined ? [] : blocks.filter((b) => tagMatches(b.tag, language));
    return longest(tagged) ?? longest(blocks.filter((b) => b.tag === '')) ?? longest(blocks);
  }
  const bare = answer.replace(/\r\n?/g, '\n').replace(/^\n+|\s+$/g, '');
  if (bare.trim() === '' || !looksLikeCode(bare)) return null;
  return { code: bare, tag: '', fenced: false, unterminated: false };
}
