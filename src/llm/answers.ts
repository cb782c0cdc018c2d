// Reading the answers of the revise and translate stages, whose formats the prompts fix
// (prompts/revise.md, prompts/translate.md).
import { extractCode, fencedBlocks, tagMatches, type CodeBlock } from './extract.ts';
import { describeText, type Parsed } from './parse.ts';

export interface Revision {
  /** What the model says was wrong and now replaces. */
  fixes: 'solution' | 'tests';
  code: string;
  unterminated: boolean;
}

/** `FIX: solution` or `FIX: tests` (anywhere on a line of its own, any case), then the file in a fence. */
export function parseRevision(answer: string, language?: string): Parsed<Revision> {
  const marker = /^[ \t*#>_`]*FIX[ \t*_`]*:[ \t*_`]*(solution|tests?)\b/im.exec(answer);
  if (!marker) return { ok: false, error: `no "FIX: solution" or "FIX: tests" line (${describeText(answer)})` };
  const fixes = (marker[1] as string).toLowerCase().startsWith('test') ? 'tests' : 'solution';
  const block = extractCode(answer.slice(marker.index + marker[0].length), language);
  if (block === null) return { ok: false, error: `"FIX: ${fixes}" without code (${describeText(answer)})` };
  return { ok: true, value: { fixes, code: block.code, unterminated: block.unterminated } };
}

export interface Translation {
  solution: string;
  tests: string;
  unterminated: boolean;
}

const testMarkers = /\b(def test_\w+|function test_\w+|assert\s*[(.]|import assert\b)/;

/**
 * Two fenced blocks: the solution, then the tests. Blocks tagged with the target language are preferred when
 * there are more than two; if only the second looks like no tests but the first does, they are swapped.
 */
export function parseTranslation(answer: string, language: string): Parsed<Translation> {
  const all = fencedBlocks(answer).filter((b) => b.code.trim() !== '');
  const tagged = all.filter((b) => tagMatches(b.tag, language));
  const blocks: CodeBlock[] = tagged.length >= 2 ? tagged : all;
  if (blocks.length < 2) return { ok: false, error: `expected two fenced blocks (solution, tests), found ${blocks.length} (${describeText(answer)})` };
  let [solution, tests] = blocks.slice(0, 2) as [CodeBlock, CodeBlock];
  if (!testMarkers.test(tests.code) && testMarkers.test(solution.code)) [solution, tests] = [tests, solution];
  return { ok: true, value: { solution: solution.code, tests: tests.code, unterminated: solution.unterminated || tests.unterminated } };
}
