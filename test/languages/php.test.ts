import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { php } from '../../src/languages/php.ts';

describe('php parse', () => {
  it('lists functions (also inside function_exists guards), classes and methods', () => {
    const parsed = php.parse({
      code: '<?php\nfunction twoSum(array $nums, int $target): array\n{\n    return [];\n}\nif (!function_exists(\'helper\')) {\n    function helper(): void {}\n}\nclass Solution\n{\n    public function maxArea(array $h): int { return 0; }\n    public function __construct() {}\n}\n',
      tests: '<?php\nfunction test_pair(): void { assert(TWOSUM([1], 2) === []); }\nfunction Test_Upper(): void { assert((new Solution())->maxArea([]) === 0); }\nfunction helperForTests(): void {}\n',
    });
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(parsed.entryPoints.map((p) => [p.name, p.kind, p.signature]), [
      ['twoSum', 'function', 'function twoSum(array $nums, int $target): array'],
      ['helper', 'function', 'function helper(): void'],
      ['Solution', 'class', 'class Solution'],
      ['Solution::maxArea', 'method', 'function maxArea(array $h): int'],
    ]);
    assert.deepEqual(parsed.testNames, ['test_pair', 'Test_Upper']);
    // PHP function names are case-insensitive.
    assert.deepEqual(parsed.calledEntryPoints.sort(), ['Solution', 'twoSum']);
  });

  it('fails a file with text before <?php at parse, and takes one without any tag as PHP (MultiPL-E\'s tests)', () => {
    const before = php.parse({ code: 'oops <?php\nfunction f() { return 1; }\n', tests: '<?php\nassert(f() === 1);\n' });
    assert.equal(before.diagnostics[0]?.rule, 'tree-sitter:php-tag');
    assert.match(before.diagnostics[0]?.message ?? '', /must start with <\?php/);
    const untagged = php.parse({ code: '<?php\nfunction f() { return 1; }\n', tests: '\nfunction candidate(...$args) {\n    return f(...$args);\n}\n\nfunction test(): void {\n    if (candidate() !== 1) { throw new Exception("Test failed!"); }\n}\n\ntest();\n' });
    assert.deepEqual(untagged.diagnostics, []);
    assert.ok(untagged.files.tests.startsWith('<?php \n'));
    assert.deepEqual(untagged.testNames, ['test']);
  });

  it('locates a missing semicolon', () => {
    const parsed = php.parse({ code: '<?php\nfunction f($x)\n{\n    $y = $x + 1\n    return $y;\n}\n', tests: '<?php\nassert(f(1) === 2);\n' });
    const d = parsed.diagnostics[0];
    assert.equal(d?.stage, 'parse');
    assert.equal(d?.line, 4);
  });

  it('counts a callable passed by name as calling the solution', () => {
    const parsed = php.parse({ code: '<?php\nfunction gcd(int $a, int $b): int { return $b ? gcd($b, $a % $b) : $a; }\n', tests: "<?php\nfunction check(callable $c): void { assert($c(4, 2) === 2); }\ncheck('gcd');\n" });
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(parsed.calledEntryPoints, ['gcd']);
  });
});
