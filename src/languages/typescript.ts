// TypeScript: `solution.ts` and `tests.ts`, as ES modules (`export function ...`, tests with
// `import assert from 'node:assert/strict';` and `function test_<case>(): void`) or as one program's two halves
// (MultiPL-E: a script solution, tests starting `declare var require: any;`). Type-checked and linted by the node
// image's resident linter; the test job gets JavaScript transpiled on the host (a syntax transform: nothing of the
// sample runs), with source maps, so positions in messages name lines of the .ts files.
import { esLanguage } from './ecmascript.ts';
import { grammarParser, requireGrammar } from './tree-sitter.ts';

export const typescript = esLanguage({
  name: 'typescript',
  extension: 'ts',
  parseSource: grammarParser(() => (requireGrammar('tree-sitter-typescript') as { typescript: unknown }).typescript),
});
