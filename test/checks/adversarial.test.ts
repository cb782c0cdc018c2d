// The adversarial suite (test/checks/adversarial/fixtures/<case>/): each case is a wrong solution with an attack
// that tries to turn its verdict into `pass` anyway — forged reports, early exits, skipped cases, a patched
// harness, switched-off linters, objects equal to everything, peeking at other jobs, processes left behind,
// oversized reports. Each must end as `fail` (never `pass`, and never `error`: that would say the fault is ours
// and the pipeline would retry it), under runc and under gVisor alike. One warm container per image, so after
// every attack a correct sample of the same language runs where the attack ran, and must pass.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CheckInput, Verdict } from '../../src/checks/index.ts';
import { forEachRuntime } from '../helpers/runtimes.ts';
import { startChecks, type Harness } from './helpers.ts';

const CASES = fileURLToPath(new URL('./adversarial/fixtures/', import.meta.url));
const EXTENSIONS = { python: 'py', php: 'php', typescript: 'ts', javascript: 'js' } as const;
type Language = keyof typeof EXTENSIONS;
const CLASSES = [
  'forged-report', 'early-exit', 'skipped-cases', 'patched-harness', 'lint-switch', 'always-equal', 'batch-neighbour',
  'stalled-cleanup', 'oversized-report',
] as const;

interface Case {
  name: string;
  language: Language;
  class: (typeof CLASSES)[number];
  why: string;
}

/** A correct sample per language: what must still pass in the container an attack just ran in. */
const CORRECT: Record<Language, Omit<CheckInput, 'language'>> = {
  python: {
    code: 'def add(a, b):\n    return a + b\n',
    tests: 'from solution import add\n\n\ndef test_small():\n    assert add(2, 3) == 5\n\n\ndef test_negative():\n    assert add(-4, 1) == -3\n',
  },
  php: {
    code: '<?php\nfunction add(int $a, int $b): int\n{\n    return $a + $b;\n}\n',
    tests: '<?php\nfunction test_small(): void\n{\n    assert(add(2, 3) === 5);\n}\n\nfunction test_negative(): void\n{\n    assert(add(-4, 1) === -3);\n}\n',
  },
  typescript: {
    code: 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
    tests: "import assert from 'node:assert/strict';\nimport { add } from './solution';\n\nfunction test_small(): void {\n  assert.equal(add(2, 3), 5);\n}\n\nfunction test_negative(): void {\n  assert.equal(add(-4, 1), -3);\n}\n",
  },
  javascript: {
    code: 'export function add(a, b) {\n  return a + b;\n}\n',
    tests: "import assert from 'node:assert/strict';\nimport { add } from './solution.js';\n\nfunction test_small() {\n  assert.equal(add(2, 3), 5);\n}\n\nfunction test_negative() {\n  assert.equal(add(-4, 1), -3);\n}\n",
  },
};

function readCase(name: string): Case {
  const meta = JSON.parse(readFileSync(path.join(CASES, name, 'case.json'), 'utf8')) as Omit<Case, 'name'>;
  return { name, ...meta };
}

const cases = readdirSync(CASES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => readCase(e.name)).sort((a, b) => a.name.localeCompare(b.name));

function input(c: Case): CheckInput {
  const ext = EXTENSIONS[c.language];
  return {
    language: c.language,
    code: readFileSync(path.join(CASES, c.name, `solution.${ext}`), 'utf8'),
    tests: readFileSync(path.join(CASES, c.name, `tests.${ext}`), 'utf8'),
  };
}

/** The verdict without its bulk, for a failure message. */
function show(v: Verdict): string {
  return JSON.stringify({
    status: v.status,
    stage: v.stage,
    limit: v.limit,
    exitCode: v.exitCode,
    diagnostics: v.diagnostics.filter((d) => d.severity === 'error').slice(0, 5).map((d) => `${d.rule ?? ''} ${d.message.slice(0, 300)}`),
    cases: v.tests.cases.slice(0, 8).map((c) => `${c.name.slice(0, 60)}: ${c.status} ${c.message.slice(0, 200)}`),
    stderr: v.stderr.slice(-500),
  }, null, 2);
}

let checks: Harness;

describe('the adversarial cases', () => {
  it('cover every class of attack with at least ten cases per language, each a valid case directory', () => {
    assert.ok(cases.length >= 48, `${cases.length} cases`);
    for (const language of Object.keys(EXTENSIONS)) {
      assert.ok(cases.filter((c) => c.language === language).length >= 10, `fewer than 10 ${language} cases`);
    }
    for (const cls of CLASSES) assert.ok(cases.some((c) => c.class === cls), `no case of class ${cls}`);
    for (const c of cases) {
      assert.ok(c.language in EXTENSIONS, `${c.name}: unknown language ${c.language}`);
      assert.ok((CLASSES as readonly string[]).includes(c.class), `${c.name}: unknown class ${c.class}`);
      assert.ok(c.why.length > 0, `${c.name}: no why`);
    }
  });
});

// Every attack under each runtime: one checker (one warm container per image) per runtime, `checks` the current one's.
// The languages run side by side: each has its own image, so its own container.
// Under gVisor a job starts and ends several times slower (a Node job most), and here three languages share
// two cores: the correct samples get room there that runc's 3 s leave too tight, so a timeout says the attack.
const TIMEOUT_MS = { runc: '3000', runsc: '8000' } as const;

forEachRuntime((runtime) => {
  before(async () => {
    checks = await startChecks({ SANDBOX_POOL_SIZE: '1', SANDBOX_RUNTIME: runtime, SANDBOX_TIMEOUT_MS: TIMEOUT_MS[runtime] });
    assert.equal(checks.sandbox.runtime, runtime);
  });

  after(async () => {
    await checks?.close();
  });

  for (const language of Object.keys(EXTENSIONS) as Language[]) {
    describe(`${language} attacks`, () => {
      it(`${language}: a correct sample passes in the warm container before any attack`, async () => {
        const v = await checks.checker.check({ language, ...CORRECT[language] });
        assert.equal(v.status, 'pass', show(v));
      });

      for (const c of cases.filter((x) => x.language === language)) {
        it(`${c.name} (${c.class}): ${c.why} — is a fail, and the next ${language} sample in the same container passes`, async () => {
          const v = await checks.checker.check(input(c));
          // The follow-up runs whatever the attack got: a container it broke must show even when the verdict is wrong.
          const next = await checks.checker.check({ language, ...CORRECT[language] });
          assert.notEqual(v.status, 'pass', `the attack earned a pass:\n${show(v)}`);
          assert.notEqual(v.status, 'error', `the attack made the checker answer error (our fault, retried):\n${show(v)}`);
          assert.equal(v.status, 'fail', show(v));
          assert.equal(next.status, 'pass', `the correct sample after ${c.name} did not pass:\n${show(next)}`);
        });
      }
    });
  }
}, { concurrency: 3 });
