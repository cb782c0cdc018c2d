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

/** The tests' copy the sandbox runs. */
function asRun(tests: string, code = '<?php\nfunction f($x) { return $x; }\n'): string {
  const parsed = php.parse({ code, tests });
  return php.testFiles(parsed).files['tests.php'] ?? '';
}

describe('php tests as they run', () => {
  it('sends every comparison, assert, search, switch and catch of the tests through the harness, on the lines they were on', () => {
    const tests = [
      '<?php',
      'function test_all(): void {',
      '    assert(f(1) === 1, "one");',
      '    assert(f("é") == "é" && f(2) <=> 1);',
      '    if (f(3) !== 3) { throw new Exception("Test failed!"); }',
      '    assert(in_array(f(1), [1, 2]) && array_search(1, [1]) === 0 && array_keys([1], 1) === [0] && array_keys([1]) === [0]);',
      '    switch (f(4)) { case 4: break; default: throw new Exception("no"); }',
      '    try { f(5); } catch (Exception $e) { return; }',
      '}',
    ].join('\n');
    assert.deepEqual(asRun(tests).split('\n'), [
      '<?php',
      'function test_all(): void {',
      "    \\flywheel_assert('f(1) === 1', \\flywheel_check(f(1) , '===', 1), \"one\");",
      "    \\flywheel_assert('f(\"é\") == \"é\" && f(2) <=> 1', \\flywheel_check(f(\"é\") , '==', \"é\") && \\flywheel_check(f(2) , '<=>', 1));",
      "    if (\\flywheel_check(f(3) , '!==', 3)) { throw new Exception(\"Test failed!\"); }",
      "    \\flywheel_assert('in_array(f(1), [1, 2]) && array_search(1, [1]) === 0 && array_keys([1], 1) === [0] && array_keys([1]) === [0]', \\flywheel_in_array(f(1), [1, 2]) && \\flywheel_check(\\flywheel_array_search(1, [1]) , '===', 0) && \\flywheel_check(\\flywheel_array_keys([1], 1) , '===', [0]) && \\flywheel_check(array_keys([1]) , '===', [0]));",
      '    switch (\\flywheel_switch(f(4))) { case \\flywheel_switch(4, true): break; default: throw new Exception("no"); }',
      '    try { f(5); } catch (Exception $e) {\\flywheel_caught(); return; }',
      '}',
    ]);
  });

  it('nests rewritten comparisons once each, and quotes the assert text on one line', () => {
    const out = asRun("<?php\nassert((f(1) < 2) === (f('it\\'s') != \"a\\\\b\"), \\assert(true));\nassert(\n    f(1)\n    === 1\n);\n");
    assert.deepEqual(out.split('\n'), [
      '<?php',
      "\\flywheel_assert('(f(1) < 2) === (f(\\'it\\\\\\'s\\') != \"a\\\\\\\\b\")', \\flywheel_check((\\flywheel_check(f(1) , '<', 2)) , '===', (\\flywheel_check(f('it\\'s') , '!=', \"a\\\\b\"))), \\flywheel_assert('true', true));",
      "\\flywheel_assert('f(1) === 1', ",
      '    \\flywheel_check(f(1)',
      "    , '===', 1)",
      ');',
      '',
    ]);
  });

  it('leaves comparisons where PHP wants a constant expression', () => {
    const tests = "<?php\nconst SMALL = 1 < 2;\nclass Box { const BIG = 2 > 1; public bool $ok = 1 == 1; }\nfunction test_box(bool $flag = 1 === 1): void { static $seen = 0 == 0; assert(f(SMALL) === true); }\n";
    const out = asRun(tests);
    assert.ok(out.startsWith("<?php\nconst SMALL = 1 < 2;\nclass Box { const BIG = 2 > 1; public bool $ok = 1 == 1; }\nfunction test_box(bool $flag = 1 === 1): void { static $seen = 0 == 0; \\flywheel_assert("), out);
    assert.equal(out.split('\n').length, tests.split('\n').length);
  });

  it('rewrites a test holding a 40000-term sum without recursion', () => {
    const sum = Array.from({ length: 40000 }, () => '1').join(' + ');
    const out = asRun(`<?php\nfunction test_big(): void\n{\n    assert(f(1) === ${sum});\n}\n`);
    assert.match(out, /^<\?php\nfunction test_big\(\): void\n\{\n {4}\\flywheel_assert\('f\(1\) === 1 \+ 1/);
    assert.ok(out.endsWith(" + 1));\n}\n"), out.slice(-40));
    assert.equal(out.match(/flywheel_check/g)?.length, 1);
  });
});

describe('php: what the solution and the tests may share', () => {
  const rules = (code: string, tests: string): [string, number][] =>
    php.parse({ code, tests }).diagnostics.map((d) => [d.rule ?? '', d.line ?? 0]);

  it('refuses `global` in the tests: their top level is no longer the global scope', () => {
    assert.deepEqual(rules('<?php\nfunction f(int $a): int { return $a; }\n', "<?php\n$cases = [[1, 1]];\nfunction test_table(): void\n{\n    global $cases;\n    foreach ($cases as [$a, $want]) {\n        assert(f($a) === $want);\n    }\n}\n"), [['flywheel:tests-global', 5]]);
    // The solution may keep globals of its own.
    assert.deepEqual(rules('<?php\n$memo = [];\nfunction f(int $a): int { global $memo; return $memo[$a] ??= $a; }\n', '<?php\nfunction test_f(): void { assert(f(1) === 1); }\n'), []);
  });

  it('refuses a solution that uses a constant, function or class only the tests declare', () => {
    const tests = "<?php\nconst CASES = [[2, 3, 5]];\ndefine('WANTED', 5);\nfunction expected(int $a): int { return $a; }\nclass Table { public static array $rows = []; }\nfunction test_add(): void { assert(add(2, 3) === 5); }\n";
    assert.deepEqual(rules('<?php\nfunction add(int $a, int $b): int\n{\n    return CASES[0][2] + WANTED + \\expected(0) + count(Table::$rows);\n}\n', tests), [
      ['flywheel:solution-uses-tests', 4], ['flywheel:solution-uses-tests', 4], ['flywheel:solution-uses-tests', 4], ['flywheel:solution-uses-tests', 4],
    ]);
    // Members, variables, labels, named arguments and its own declarations of the same names are not uses.
    const own = "<?php\nconst CASES = 1;\nclass Calc { const WANTED = 2; public int $expected = 0; public function table(): int { return self::WANTED; } }\nfunction add(int $a, int $b, int $expected = 0): int\n{\n    $table = new Calc();\n    $Table = $table->expected + $table->table() + Calc::WANTED + CASES;\n    return intdiv(num1: $a + $b + $Table - 3, divisor: 1);\n}\n";
    assert.deepEqual(rules(own, tests), []);
  });
});
