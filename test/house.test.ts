// The house rules of src/, checked on the source text: each concern has one room, so a change in one place
// does not ripple. SQL lives in src/store/; only src/commands/ and src/cli.ts know the command line; a
// language is named only in src/languages/; no module imports itself back through others; what src/ throws is a
// FlywheelError with a code.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

const files = sourceFiles(SRC).map((file) => ({ file, rel: path.relative(SRC, file), text: readFileSync(file, 'utf8') }));
/** The text without its comments, so prose about SQL or a language does not count. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** Relative imports and re-exports (static and dynamic), resolved to files of src/. */
function importsOf(file: string, text: string): string[] {
  const found = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1] as string);
  return found.map((spec) => path.resolve(path.dirname(file), spec));
}

describe('the house rules of src/', () => {
  it('has every SQL statement in src/store/', () => {
    const statement = /['"`]\s*(select|insert\s+into|update\s+\w+\s+set|delete\s+from|with\s+\w+\s+as)\b/i;
    const outside = files.filter((f) => !f.rel.startsWith(`store${path.sep}`) && statement.test(code(f.text))).map((f) => f.rel);
    assert.deepEqual(outside, []);
  });

  it('lets only src/commands/ and src/cli.ts know the command line', () => {
    const knowing = files
      .filter((f) => !f.rel.startsWith(`commands${path.sep}`) && f.rel !== 'cli.ts')
      .filter((f) => /\bCommandContext\b/.test(code(f.text)) || importsOf(f.file, f.text).some((i) => i === path.join(SRC, 'cli.ts') || i.startsWith(path.join(SRC, 'commands') + path.sep)))
      .map((f) => f.rel);
    assert.deepEqual(knowing, []);
  });

  it('names a language (php here) in at most three files outside src/languages/', () => {
    const naming = files.filter((f) => !f.rel.startsWith(`languages${path.sep}`) && /\bphp\b/i.test(f.text)).map((f) => f.rel);
    assert.ok(naming.length <= 3, naming.join(', '));
  });

  it('makes every error it raises a FlywheelError with a code', () => {
    // A bare error class of the standard library. (The model transport's AttemptError never leaves src/llm/:
    // the client turns it into the call's failure.)
    const bare = /\bnew (?:Error|TypeError|RangeError|SyntaxError|ReferenceError)\(/;
    const raising = files.filter((f) => bare.test(code(f.text))).map((f) => f.rel);
    assert.deepEqual(raising, []);
  });

  it('has no import circle', () => {
    const graph = new Map(files.map((f) => [f.file, importsOf(f.file, f.text).filter((i) => i.startsWith(SRC))]));
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    assert.ok(files.length > 50, `${files.length} files read`);
    assert.deepEqual(circles, []);
  });
});
