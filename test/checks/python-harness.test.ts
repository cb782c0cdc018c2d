// What Python's harness takes as a check, through the whole checker: honest tests in the shapes models and
// datasets write them pass (chained comparisons, `!= None` on the solution's own objects, standard value types,
// expected exceptions, unittest with keywords and deprecated aliases, async and generator tests), and what only
// looks like a check fails with the reason named (a test that checks nothing, or hands back the function with
// its asserts, an object of the solution's class said to equal a plain value, a test class whose assertEqual
// is the solution's). One batch, one warm container.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CheckInput, Verdict } from '../../src/checks/index.ts';
import { lintJob, testJob } from '../../src/checks/jobs.ts';
import { readRecords } from '../../src/checks/report.ts';
import { python } from '../../src/languages/python.ts';
import { startChecks, type Harness } from './helpers.ts';

interface Sample {
  name: string;
  code: string;
  tests: string;
  status: 'pass' | 'fail';
  /** A fragment of the failing case's message. */
  says?: string;
}

const LIST_NODE = 'class ListNode:\n    def __init__(self, val=0, next=None):\n        self.val = val\n        self.next = next\n\n\n';

const samples: Sample[] = [
  {
    name: 'a chained comparison of plain values',
    code: 'def clamp(x, lo, hi):\n    return max(lo, min(x, hi))\n',
    tests: 'def test_range():\n    assert 0 <= clamp(15, 0, 10) <= 10\n    assert clamp(-3, 0, 10) == 0 < clamp(4, 0, 10) < 10\n',
    status: 'pass',
  },
  {
    name: '`!= None` and attributes of the solution\'s own linked list',
    code: `${LIST_NODE}def build(values):\n    head = None\n    for v in reversed(values):\n        head = ListNode(v, head)\n    return head\n`,
    tests: 'def test_build():\n    head = build([1, 2])\n    assert head != None\n    assert head.val == 1 and head.next.val == 2\n    assert head.next.next == None\n    assert build([]) is None\n',
    status: 'pass',
  },
  {
    name: 'standard value types against plain values (Fraction, Decimal, a namedtuple, an IntEnum, a str subclass)',
    code: 'from collections import namedtuple\nfrom decimal import Decimal\nfrom enum import IntEnum\nfrom fractions import Fraction\n\nPoint = namedtuple("Point", "x y")\n\n\nclass Level(IntEnum):\n    LOW = 1\n\n\nclass Name(str):\n    pass\n\n\ndef values():\n    return Fraction(1, 2), Decimal("1.5"), Point(1, 2), Level.LOW, Name("ada")\n',
    tests: 'def test_values():\n    half, dec, point, level, name = values()\n    assert half == 0.5 and half < 1\n    assert dec == Decimal("1.5")\n    assert point == (1, 2)\n    assert level == 1\n    assert name == "ada" and "d" in name\n\n\nfrom decimal import Decimal\n',
    status: 'pass',
  },
  {
    name: 'an expected exception caught by the test',
    code: 'def average(xs):\n    if not xs:\n        raise ValueError("empty")\n    return sum(xs) / len(xs)\n',
    tests: 'def test_empty():\n    try:\n        average([])\n    except ValueError:\n        return\n    raise AssertionError("expected ValueError")\n\n\ndef test_tolerance():\n    assert abs(average([0.1, 0.2]) - 0.15) < 1e-9\n',
    status: 'pass',
  },
  {
    name: 'unittest with keyword operands, a deprecated alias, assertIn, assertAlmostEqual and assertRaises',
    code: 'def add(a, b):\n    return a + b\n',
    tests: 'import unittest\n\n\nclass TestAdd(unittest.TestCase):\n    def test_keywords(self):\n        self.assertEqual(first=add(2, 3), second=5)\n        self.assertEquals(add(1, 1), 2)\n\n    def test_members(self):\n        self.assertIn(add(1, 1), [2, 3])\n        self.assertAlmostEqual(add(0.1, 0.2), 0.3)\n        with self.assertRaises(TypeError):\n            add(1, "x")\n\n\nif __name__ == "__main__":\n    unittest.main()\n',
    status: 'pass',
  },
  {
    name: 'objects of the solution\'s dataclass compared with each other',
    code: 'from dataclasses import dataclass\n\n\n@dataclass\nclass Point:\n    x: int\n    y: int\n\n\ndef mirror(p):\n    return Point(p.y, p.x)\n',
    tests: 'def test_mirror():\n    assert mirror(Point(1, 2)) == Point(2, 1)\n    assert mirror(Point(1, 2)) != Point(1, 2)\n',
    status: 'pass',
  },
  {
    name: 'an async test and a generator test',
    code: 'import asyncio\n\n\nasync def fetch(x):\n    await asyncio.sleep(0)\n    return x * 2\n\n\ndef evens(n):\n    return [i for i in range(n) if i % 2 == 0]\n',
    tests: 'async def test_fetch():\n    assert await fetch(2) == 4\n\n\ndef test_evens():\n    for value in evens(5):\n        assert value % 2 == 0\n        yield\n',
    status: 'pass',
  },
  {
    name: 'a test that hands back the function holding its asserts',
    code: 'def add(a, b):\n    return a - b\n',
    tests: 'def test_add():\n    def check():\n        assert add(2, 3) == 5\n    return check\n',
    status: 'fail',
    says: 'returned a function',
  },
  {
    name: 'a test that calls the solution and checks nothing',
    code: 'def add(a, b):\n    return a - b\n',
    tests: 'def test_add():\n    add(2, 3)\n',
    status: 'fail',
    says: 'checked nothing',
  },
  {
    name: 'a test whose only assert sits behind a condition the solution makes false',
    code: 'def find(xs, x):\n    return None\n',
    tests: 'def test_find():\n    found = find([1, 2, 3], 2)\n    if found is not None:\n        assert found == 1\n',
    status: 'fail',
    says: 'checked nothing',
  },
  {
    name: 'an object of the solution\'s class whose __eq__ answers only ints',
    code: 'class Answer:\n    def __eq__(self, other):\n        return isinstance(other, int)\n\n    __hash__ = None\n\n\ndef add(a, b):\n    return Answer()\n',
    tests: 'def test_add():\n    assert add(2, 3) == 5\n',
    status: 'fail',
    says: 'assert add(2, 3) == 5',
  },
  {
    name: 'a test class whose assertEqual comes from the solution',
    code: 'class Checks:\n    def assertEqual(self, first, second):\n        return None\n\n\ndef add(a, b):\n    return a - b\n',
    tests: 'class TestAdd(Checks):\n    def test_add(self):\n        self.assertEqual(add(2, 3), 5)\n',
    status: 'fail',
    says: 'is not unittest\'s',
  },
  {
    name: 'a solution that installs a signal handler (past the static gate, which would name it first)',
    code: 'import signal\n\ninstall = vars(signal)["sig" + "nal"]\ninstall(signal.SIGUSR1, lambda signum, frame: None)\n\n\ndef add(a, b):\n    return a + b\n',
    tests: 'def test_add():\n    assert add(2, 3) == 5\n',
    status: 'fail',
    says: 'signal handler',
  },
];

let checks: Harness;
let verdicts: Verdict[];

before(async () => {
  checks = await startChecks({ SANDBOX_POOL_SIZE: '1' });
  verdicts = await checks.checker.checkMany(samples.map((s): CheckInput => ({ language: 'python', code: s.code, tests: s.tests })));
});

after(async () => {
  await checks?.close();
});

describe('what the Python harness takes as a check', () => {
  samples.forEach((sample, i) => {
    it(`${sample.name}: ${sample.status}`, () => {
      const v = verdicts[i] as Verdict;
      const shown = JSON.stringify({ status: v.status, stage: v.stage, diagnostics: v.diagnostics.map((d) => `${d.rule ?? ''} ${d.message}`), cases: v.tests.cases }, null, 2);
      assert.equal(v.status, sample.status, shown);
      if (sample.says !== undefined) {
        const messages = [...v.tests.cases.map((c) => c.message), ...v.diagnostics.map((d) => d.message)].join('\n');
        assert.ok(messages.includes(sample.says), `no message says "${sample.says}":\n${shown}`);
      }
    });
  });
});

describe('the code the resident linter compiles for the test job', () => {
  const source = { code: 'def add(a, b):\n    return a + b\n', tests: 'def test_add():\n    assert add(1, 2) == 3\n' };
  const wrong = { ...source, code: 'def add(a, b):\n    return a + b + 1\n' };

  async function lintThenTest(sample: typeof source, blob?: (compiled: string) => string): Promise<{ compiled: string | undefined; report: ReturnType<typeof readRecords> }> {
    const parsed = python.parse(sample);
    const lint = readRecords((await checks.sandbox.run(lintJob(python, parsed))).report);
    const compiled = lint?.compiled;
    const handed = compiled !== undefined && blob ? blob(compiled) : compiled;
    const ran = await checks.sandbox.run(testJob(python, parsed, checks.config, handed));
    return { compiled, report: readRecords(ran.report) };
  }

  it('comes with the lint report, and the test job runs it: a correct sample passes, a wrong one fails naming its assert', async () => {
    const good = await lintThenTest(source);
    assert.ok(good.compiled !== undefined && good.compiled.length > 0, 'the lint report carries no compiled code');
    assert.deepEqual(good.report?.cases.map((c) => [c.name, c.status]), [['<solution>', 'pass'], ['<module>', 'pass'], ['test_add', 'pass']]);
    const bad = await lintThenTest(wrong);
    const failed = bad.report?.cases.find((c) => c.name === 'test_add');
    assert.equal(failed?.status, 'fail');
    assert.match(failed?.message ?? '', /assert add\(1, 2\) == 3 -- left: 4, right: 3/);
  });

  it('is only a shortcut: code that is not what the linter made is ignored and the job compiles the sources itself', async () => {
    for (const [label, blob] of [['garbage', () => 'bm90IGNvZGU='], ['cut short', (c: string) => c.slice(0, 40)]] as const) {
      const bad = await lintThenTest(wrong, blob);
      assert.equal(bad.report?.cases.find((c) => c.name === 'test_add')?.status, 'fail', label);
      const good = await lintThenTest(source, blob);
      assert.equal(good.report?.cases.find((c) => c.name === 'test_add')?.status, 'pass', label);
    }
  });

  it('is not given where the lint stops the sample', async () => {
    const { compiled } = await lintThenTest({ code: 'def add(a, b):\n    return a + c\n', tests: source.tests });
    assert.equal(compiled, undefined);
  });
});
