// JavaScript: `solution.js` and `tests.js`, as ES modules (`export function ...`, tests with
// `import assert from 'node:assert/strict';` and top-level `function test_<case>()`) or as one program's two halves
// (HumanEval-X and MultiPL-E: `const f = (...) => {...}` with no export, tests that call f and `console.assert`).
// Linted with ESLint by the node image's resident linter, then tested one job per sample.
import { esLanguage } from './ecmascript.ts';
import { grammarParser, requireGrammar } from './tree-sitter.ts';

export const javascript = esLanguage({
  name: 'javascript',
  extension: 'js',
  parseSource: grammarParser(() => requireGrammar('tree-sitter-javascript')),
});
