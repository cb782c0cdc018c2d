// The PHP harness through the whole checker (real Docker, the image's run.php): how the tests' comparisons
// decide (values of one kind only, no juggling), what counts as an assertion, what a test may return, and the
// tests' own scope. The solution is an identity function, so each test states a comparison and its outcome.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Verdict } from '../../src/checks/index.ts';
import { startChecks, type Harness } from './helpers.ts';

const IDENTITY = '<?php\nfunction id(mixed $x): mixed\n{\n    return $x;\n}\n\nfinal class P\n{\n    public function __construct(public mixed $x, private array $tags = [])\n    {\n    }\n}\n';

/** Test name -> [body, whether the case passes]. */
const COMPARISONS: Record<string, [string, boolean]> = {
  test_int_float: ['assert(id(2) == 2.0 && id(2.5) != 2);', true],
  test_numeric_strings: ["assert(id('1e1') == '10');", false],
  test_big_numeric_strings: ["assert(id('1.0E+20') == '100000000000000000000');", false],
  test_true_is_not_five: ['assert(id(true) == 5);', false],
  test_null_is_not_zero: ['assert(id(null) == 0);', false],
  test_string_is_not_zero: ["assert(id('abc') == 0);", false],
  test_bools_in_arrays: ['assert(id([true, true]) == [1, 2]);', false],
  test_keys_in_any_order: ["assert(id(['a' => 1, 'b' => [2.0]]) == ['b' => [2], 'a' => 1]);", true],
  test_object_of_trues: ['assert(id(new P(true)) == new P(1));', false],
  test_private_properties: ["assert(id(new P(1, ['a'])) == new P(1, ['b']));", false],
  test_equal_objects: ["assert(id(new P([1, 'a'], ['t'])) == new P([1, 'a'], ['t']));", true],
  test_dates: ["assert(id(new DateTime('2020-01-01 00:00:00 UTC')) == new DateTime('2020-01-01 01:00:00 +01:00'));", true],
  test_loose_not_equal: ["if (id(true) != 'yes') { return; }\n    throw new Exception('true != \"yes\" should hold');", true],
  test_order_of_one_kind: ["assert(id('abc') < 'abd' && id(2) >= 1.5 && id([1, 2]) < [1, 3] && (id(1) <=> 2) === -1);", true],
  test_order_across_kinds: ["assert(id('10') > 9);", false],
  test_in_array: ['assert(in_array(id([0, 1]), [[1, 0], [0, 1]]));', true],
  test_in_array_true: ['assert(in_array(id(true), [[0, 1], [1, 0]]));', false],
  test_array_search: ["assert(array_search(id('1'), [1, '1']) === 1 && array_keys([1, '1', true], id(1)) === [0]);", true],
  test_switch: ["switch (id(true)) {\n        case 5:\n            throw new Exception('true matched case 5');\n        case true:\n            break;\n    }", true],
};

const HARNESS: Record<string, [string, RegExp | null]> = {
  test_no_assertion: ['id(1);', /test_no_assertion made no assertion/],
  test_returns_closure: ['return fn () => assert(id(1) === 2);', /returned Closure instead of running its asserts/],
  test_caught_assert: ['try {\n        assert(id(1) === 2);\n    } catch (AssertionError $e) {\n    }', /AssertionError at tests\.php:\d+: assert\(id\(1\) === 2\) -- left: 1, right: 2 \(the tests caught this AssertionError/],
  test_expected_exception: ["try {\n        intdiv(id(1), 0);\n    } catch (DivisionByZeroError) {\n        return;\n    }\n    assert(false, 'expected a DivisionByZeroError');", null],
  test_multipl_e_style: ['if (id(1) !== 1) {\n        throw new Exception("Test failed!");\n    }', null],
  test_shows_objects: ["assert(id(new P(true, ['x'])) == new P(1, ['x']));", /left: P\{"x":true,"tags":\["x"\]\}, right: P\{"x":1,"tags":\["x"\]\}/],
};

function testsFile(bodies: Record<string, string>, generator = false): string {
  const functions = Object.entries(bodies).map(([name, body]) => `function ${name}()${name === 'test_returns_closure' ? ': Closure' : ''}\n{\n    ${body}\n}\n`);
  if (generator) functions.push('function test_generator()\n{\n    yield;\n    assert(id(1) === 1);\n}\n');
  return `<?php\n${functions.join('\n')}`;
}

let checks: Harness;
let comparisons: Verdict;
let harness: Verdict;
let moduleWithoutAssert: Verdict;
let topLevelAsserts: Verdict;
let globals: Verdict;

before(async () => {
  checks = await startChecks();
  [comparisons, harness, moduleWithoutAssert, topLevelAsserts, globals] = (await checks.checker.checkMany([
    { language: 'php', code: IDENTITY, tests: testsFile(Object.fromEntries(Object.entries(COMPARISONS).map(([name, [body]]) => [name, body]))) },
    { language: 'php', code: IDENTITY, tests: testsFile(Object.fromEntries(Object.entries(HARNESS).map(([name, [body]]) => [name, body])), true) },
    { language: 'php', code: IDENTITY, tests: '<?php\n$x = id(1);\necho $x;\n' },
    { language: 'php', code: IDENTITY, tests: '<?php\n$cases = [[1, 1], [2, 2]];\nforeach ($cases as [$in, $want]) {\n    assert(id($in) === $want);\n}\n' },
    { language: 'php', code: IDENTITY, tests: '<?php\n$cases = [[1, 1]];\nfunction test_table(): void\n{\n    global $cases;\n    assert(id($cases[0][0]) === 1);\n}\n' },
  ])) as [Verdict, Verdict, Verdict, Verdict, Verdict];
});

after(async () => {
  await checks?.close();
});

const show = (v: Verdict): string => JSON.stringify({ status: v.status, stage: v.stage, diagnostics: v.diagnostics, cases: v.tests.cases, stderr: v.stderr.slice(-800) }, null, 1);

describe('php: the tests compare values of one kind only', () => {
  for (const [name, [body, passes]] of Object.entries(COMPARISONS)) {
    it(`${name}: \`${body.split('\n')[0] ?? ''}\` ${passes ? 'holds' : 'fails its case'}`, () => {
      const c = comparisons.tests.cases.find((x) => x.name === name);
      assert.equal(c?.status, passes ? 'pass' : 'fail', show(comparisons));
    });
  }

  it('says why values of two kinds cannot be ordered', () => {
    const c = comparisons.tests.cases.find((x) => x.name === 'test_order_across_kinds');
    assert.match(c?.message ?? '', /AssertionError at tests\.php:\d+: cannot compare string > int/);
  });
});

describe('php: what a test must do to pass', () => {
  for (const [name, [, failure]] of Object.entries(HARNESS)) {
    it(failure ? `${name} fails, saying ${String(failure)}` : `${name} passes`, () => {
      const c = harness.tests.cases.find((x) => x.name === name);
      assert.equal(c?.status, failure ? 'fail' : 'pass', show(harness));
      if (failure) assert.match(c?.message ?? '', failure);
    });
  }

  it('a test that is a generator fails: calling it runs none of its asserts', () => {
    const c = harness.tests.cases.find((x) => x.name === 'test_generator');
    assert.equal(c?.status, 'fail', show(harness));
    assert.match(c?.message ?? '', /returned a Generator/);
  });

  it('tests of top-level code only must assert something, and then pass as one case', () => {
    assert.equal(moduleWithoutAssert.status, 'fail', show(moduleWithoutAssert));
    assert.match(moduleWithoutAssert.tests.cases.find((c) => c.name === '<module>')?.message ?? '', /the tests made no assertion/);
    assert.equal(topLevelAsserts.status, 'pass', show(topLevelAsserts));
    assert.deepEqual(topLevelAsserts.tests.cases.map((c) => [c.name, c.status]), [['<module>', 'pass']]);
  });

  it('`global` in the tests fails at lint: their top level has a scope of its own', () => {
    assert.equal(globals.status, 'fail', show(globals));
    assert.equal(globals.stage, 'lint');
    assert.ok(globals.diagnostics.some((d) => d.rule === 'flywheel:tests-global' && d.line === 5), show(globals));
  });
});
