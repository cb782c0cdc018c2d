// TypeScript: `solution.ts` with `export function ...`, `tests.ts` starting with
// `import assert from 'node:assert/strict';` and defining `function test_<case>(): void`. Linted in batches
// (tsc --strict and ESLint take seconds to load, then some 100 ms per sample); the test job gets JavaScript
// compiled here on the host (a syntax transform: nothing of the sample runs) with inline source maps, so stack
// traces and assertion locations name lines of the .ts files.
import { createRequire } from 'node:module';
import type * as TypeScript from 'typescript';
import { esLanguage } from './ecmascript.ts';
import { grammarParser, requireGrammar } from './tree-sitter.ts';

const require = createRequire(import.meta.url);
let ts: typeof TypeScript | undefined;

function compile(source: string, fileName: string): string {
  ts ??= require('typescript') as typeof TypeScript;
  return ts.transpileModule(source, {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
    },
  }).outputText;
}

export const typescript = esLanguage({
  name: 'typescript',
  extension: 'ts',
  parseSource: grammarParser(() => (requireGrammar('tree-sitter-typescript') as { typescript: unknown }).typescript),
  compile,
});
