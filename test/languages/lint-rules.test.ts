import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { isFlywheelError } from '../../src/errors.ts';
import { getLanguage, languageNames, languages } from '../../src/languages/index.ts';
import { errorRules, LINT_RULES, lintRulesMarkdown, severityOf } from '../../src/languages/lint-rules.ts';

const require = createRequire(import.meta.url);

describe('the lint rule table', () => {
  it('tells defects from style', () => {
    assert.equal(severityOf('python', 'pyflakes', 'UndefinedName'), 'error');
    assert.equal(severityOf('python', 'pyflakes', 'UnusedImport'), 'warning');
    assert.equal(severityOf('python', 'pyflakes', 'SomethingNew'), 'warning');
    assert.equal(severityOf('php', 'flywheel', 'undefined-function'), 'error');
    assert.equal(severityOf('typescript', 'tsc', 'TS2304'), 'error');
    assert.equal(severityOf('typescript', 'eslint', '@typescript-eslint/no-explicit-any'), 'warning');
    assert.equal(severityOf('typescript', 'eslint', 'use-isnan'), 'error');
    // tsc reports undefined names in TypeScript; ESLint's no-undef is a JavaScript defect.
    assert.equal(severityOf('typescript', 'eslint', 'no-undef'), 'warning');
    assert.equal(severityOf('javascript', 'eslint', 'no-undef'), 'error');
    assert.equal(severityOf('javascript', 'eslint', 'no-unused-vars'), 'warning');
  });

  it('hands the harnesses tool:rule patterns of the errors only', () => {
    assert.ok(errorRules('typescript').includes('tsc:TS*'));
    assert.ok(errorRules('python').includes('pyflakes:UndefinedName'));
    assert.ok(!errorRules('python').some((r) => r.startsWith('pyflakes:*')));
  });

  it('names only ESLint rules that the recommended sets really contain', () => {
    const js = require('@eslint/js') as { configs: { recommended: { rules: Record<string, unknown> } } };
    const ts = require('typescript-eslint') as { configs: { recommended: { rules?: Record<string, unknown> }[] } };
    const known = new Set([...Object.keys(js.configs.recommended.rules), ...ts.configs.recommended.flatMap((c) => Object.keys(c.rules ?? {})), 'parse']);
    for (const group of LINT_RULES.filter((g) => g.tool === 'eslint')) {
      for (const rule of group.rules) if (rule !== '*') assert.ok(known.has(rule), `${group.language}: ${rule} is not an ESLint recommended rule`);
    }
  });

  it('prints as the README table, one row per group', () => {
    const table = lintRulesMarkdown().split('\n');
    assert.equal(table.length, LINT_RULES.length + 2);
    for (const name of languageNames) assert.ok(table.some((row) => row.startsWith(`| ${name} |`)));
  });
});

describe('the language registry', () => {
  it('knows four languages and refuses others with FLY_LANGUAGE_UNKNOWN', () => {
    assert.deepEqual(languageNames.sort(), ['javascript', 'php', 'python', 'typescript']);
    assert.equal(getLanguage('php'), languages.php);
    assert.throws(() => getLanguage('cobol'), (err) => isFlywheelError(err, 'FLY_LANGUAGE_UNKNOWN') && /cobol/.test(err.message));
    assert.throws(() => getLanguage('toString'), (err) => isFlywheelError(err, 'FLY_LANGUAGE_UNKNOWN'));
  });
});
