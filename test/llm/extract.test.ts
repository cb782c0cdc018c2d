import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRevision, parseTranslation } from '../../src/llm/answers.ts';
import { extractCode, fencedBlocks, looksLikeCode } from '../../src/llm/extract.ts';

const py = 'def add(a: int, b: int) -> int:\n    return a + b';

describe('extractCode', () => {
  it('takes the body of a single tagged fence', () => {
    const got = extractCode(`Here you go:\n\n\`\`\`python\n${py}\n\`\`\`\n\nThis runs in O(1).`, 'python');
    assert.deepEqual(got, { code: py, tag: 'python', fenced: true, unterminated: false });
  });

  it('takes an untagged fence', () => {
    assert.equal(extractCode(`\`\`\`\n${py}\n\`\`\``, 'python')?.code, py);
  });

  it('prefers the block tagged with the wanted language, aliases included', () => {
    const answer = `\`\`\`bash\npip install nothing-at-all-here-which-is-long-enough-to-be-the-longest-block\n\`\`\`\n\`\`\`py\n${py}\n\`\`\``;
    assert.equal(extractCode(answer, 'python')?.code, py);
    const ts = 'export function add(a: number, b: number): number {\n  return a + b;\n}';
    assert.equal(extractCode(`\`\`\`javascript\nconsole.log(add(1, 2)); // a long usage example line\n\`\`\`\n\`\`\`ts\n${ts}\n\`\`\``, 'typescript')?.code, ts);
  });

  it('takes the longest of several blocks tagged with the wanted language (solution over usage example)', () => {
    const answer = `\`\`\`python\n${py}\n\`\`\`\nUsage:\n\`\`\`python\nadd(1, 2)\n\`\`\``;
    assert.equal(extractCode(answer, 'python')?.code, py);
  });

  it('without a wanted language takes the longest block', () => {
    const answer = '```python\nx = 1\n```\n```php\n<?php\nfunction add(int $a, int $b): int { return $a + $b; }\n```';
    assert.equal(extractCode(answer)?.tag, 'php');
  });

  it('prefers an untagged block to one tagged with another language', () => {
    const answer = `\`\`\`text\nsome very long explanation that is longer than the code block below by far\n\`\`\`\n\`\`\`\n${py}\n\`\`\``;
    assert.equal(extractCode(answer, 'python')?.code, py);
  });

  it('reads an unterminated fence to the end and marks it (answer cut off)', () => {
    const got = extractCode(`Sure.\n\`\`\`python\n${py}\n    # and then it was cut`, 'python');
    assert.equal(got?.unterminated, true);
    assert.equal(got?.code, `${py}\n    # and then it was cut`);
    assert.equal(extractCode(`\`\`\`python\n${py}\n\`\``, 'python')?.code, py, 'a half-written closing fence is dropped');
  });

  it('accepts tildes, longer fences and a tag with attributes', () => {
    assert.equal(extractCode(`~~~python\n${py}\n~~~`, 'python')?.code, py);
    assert.equal(extractCode(`\`\`\`\`python\n${py}\n\`\`\`\n\`\`\`\``, 'python')?.code, `${py}\n\`\`\``, 'a shorter fence does not close a longer one');
    assert.equal(extractCode(`\`\`\`python title="solution.py"\n${py}\n\`\`\``, 'python')?.tag, 'python');
  });

  it('dedents a fence indented inside a list item', () => {
    const answer = `1. The solution:\n\n   \`\`\`python\n   def f() -> int:\n       return 1\n   \`\`\``;
    assert.equal(extractCode(answer, 'python')?.code, 'def f() -> int:\n    return 1');
  });

  it('handles CRLF line ends', () => {
    assert.equal(extractCode(`\`\`\`python\r\n${py.replace(/\n/g, '\r\n')}\r\n\`\`\`\r\n`, 'python')?.code, py);
  });

  it('takes a bare answer that looks like code', () => {
    assert.deepEqual(extractCode(`${py}\n`, 'python'), { code: py, tag: '', fenced: false, unterminated: false });
    const php = '<?php\nfunction add(int $a, int $b): int\n{\n    return $a + $b;\n}';
    assert.equal(extractCode(php, 'php')?.code, php);
  });

  it('returns null for prose, an empty answer or an empty fence', () => {
    assert.equal(extractCode('I am sorry, but I cannot help with that request today.', 'python'), null);
    assert.equal(extractCode('', 'python'), null);
    assert.equal(extractCode('```python\n```', 'python'), null);
  });

  it('lists every block in order', () => {
    const blocks = fencedBlocks('```php\na\n```\ntext\n```php\nb\n```');
    assert.deepEqual(blocks.map((b) => b.code), ['a', 'b']);
  });

  it('tells code from prose', () => {
    assert.equal(looksLikeCode('for i in range(3):\n    print(i)'), true);
    assert.equal(looksLikeCode('The function iterates over the list and returns the sum.\nIt is linear.'), false);
  });
});

describe('parseRevision', () => {
  it('reads which file is fixed and its code', () => {
    const got = parseRevision(`FIX: tests\n\nThe tests expected 11.\n\n\`\`\`python\n${py}\n\`\`\``, 'python');
    assert.deepEqual(got, { ok: true, value: { fixes: 'tests', code: py, unterminated: false } });
  });

  it('tolerates markdown around the marker, another case and "test"', () => {
    const got = parseRevision(`**Fix: Solution**\n\`\`\`python\n${py}\n\`\`\``, 'python');
    assert.equal(got.ok && got.value.fixes, 'solution');
    const test = parseRevision(`fix: test\n\`\`\`python\n${py}\n\`\`\``);
    assert.equal(test.ok && test.value.fixes, 'tests');
  });

  it('fails without the marker or without code', () => {
    assert.equal(parseRevision(`\`\`\`python\n${py}\n\`\`\``).ok, false);
    assert.equal(parseRevision('FIX: solution\n\nI could not find the bug.').ok, false);
  });
});

describe('parseTranslation', () => {
  const solution = '<?php\nfunction add(int $a, int $b): int { return $a + $b; }';
  const tests = '<?php\nfunction test_add(): void { assert(add(1, 2) === 3); }';

  it('reads the solution then the tests', () => {
    const got = parseTranslation(`\`\`\`php\n${solution}\n\`\`\`\n\n\`\`\`php\n${tests}\n\`\`\``, 'php');
    assert.deepEqual(got, { ok: true, value: { solution, tests, unterminated: false } });
  });

  it('swaps them back when the tests come first', () => {
    const got = parseTranslation(`\`\`\`php\n${tests}\n\`\`\`\n\`\`\`php\n${solution}\n\`\`\``, 'php');
    assert.equal(got.ok && got.value.solution, solution);
  });

  it('fails with a single block', () => {
    assert.equal(parseTranslation(`\`\`\`php\n${solution}\n\`\`\``, 'php').ok, false);
  });
});
