// Tolerant reading of answers given without a grammar constraint (`text` mode): models wrap JSON in fences
// or prose and leave trailing commas, and answer a one-digit question with a sentence.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Removes commas that directly precede `}` or `]`, outside strings. */
export function stripTrailingCommas(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    if (c === ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j] as string)) j++;
      if (text[j] === '}' || text[j] === ']') continue;
    }
    out += c;
  }
  return out;
}

/** Balanced `{...}` / `[...]` spans of `text`, string-aware, in order of appearance. */
export function jsonSpans(text: string): string[] {
  const spans: string[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text[i];
    if (open !== '{' && open !== '[') {
      i++;
      continue;
    }
    const end = balancedEnd(text, i);
    if (end === -1) {
      i++;
      continue;
    }
    spans.push(text.slice(i, end + 1));
    i = end + 1;
  }
  return spans;
}

function balancedEnd(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') stack.push('}');
    else if (c === '[') stack.push(']');
    else if (c === '}' || c === ']') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

function tryParse(candidate: string): Parsed<unknown> {
  for (const text of [candidate, stripTrailingCommas(candidate)]) {
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      // try the next repair
    }
  }
  return { ok: false, error: 'not JSON' };
}

/**
 * The first JSON value found in `text`: the whole text, else the contents of fenced blocks, else balanced
 * `{...}`/`[...]` spans in prose; each also tried with trailing commas removed. Objects are preferred over
 * the other values found in prose.
 */
export function parseJsonLoose(text: string): Parsed<unknown> {
  const whole = tryParse(text.trim());
  if (whole.ok) return whole;
  const fences = [...text.matchAll(/(^|\n)[ \t]*(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n[ \t]*\2[ \t]*(?=\n|$)/g)];
  for (const fence of fences) {
    const parsed = tryParse((fence[3] ?? '').trim());
    if (parsed.ok) return parsed;
  }
  for (const span of jsonSpans(text)) {
    const parsed = tryParse(span);
    if (parsed.ok) return parsed;
  }
  return { ok: false, error: `no JSON found in the answer (${describeText(text)})` };
}

/**
 * One of `choices` from a free-text answer: the whole trimmed answer (quotes and a final period allowed),
 * else the choices standing alone as words; if they disagree, the last line decides; else no answer.
 */
export function parseChoice(text: string, choices: readonly string[]): Parsed<string> {
  const trimmed = text.trim().replace(/^["'`]+|["'`.]+$/g, '');
  if (choices.includes(trimmed)) return { ok: true, value: trimmed };
  const found = (line: string): string[] => {
    const hits = new Set<string>();
    for (const choice of choices) {
      const escaped = choice.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (new RegExp(`(^|[^\\w])${escaped}(?![\\w])`, 'i').test(line)) hits.add(choice);
    }
    return [...hits];
  };
  const all = found(text);
  if (all.length === 1) return { ok: true, value: all[0] as string };
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const last = found(lines[lines.length - 1] ?? '');
  if (last.length === 1) return { ok: true, value: last[0] as string };
  return { ok: false, error: `expected one of ${choices.join(', ')} (${describeText(text)})` };
}

/** A short description of an answer for error messages: its length and its start. */
export function describeText(text: string): string {
  const start = text.trim().slice(0, 60).replace(/\s+/g, ' ');
  return text.trim() === '' ? 'empty answer' : `${text.length} chars, starting "${start}"`;
}
