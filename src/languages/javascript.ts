// JavaScript (ES modules): `solution.js` with `export function ...`, `tests.js` with
// `import assert from 'node:assert/strict';` and top-level `function test_<case>()`. Linted with ESLint in
// batches (ESLint takes a second to load), then tested one job per sample.
import { esLanguage } from './ecmascript.ts';
import { grammarParser, requireGrammar } from './tree-sitter.ts';

export const javascript = esLanguage({
  name: 'javascript',
  extension: 'js',
  parseSource: grammarParser(() => requireGrammar('tree-sitter-javascript')),
});
