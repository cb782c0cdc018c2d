// The lint rule set of every language, in one table: which findings are real defects (severity `error`: the
// lint stage fails and the tests do not run) and which are style (`warning`: recorded, fed to the revision and
// judge prompts, never failing). The harnesses get the error rules of their job from here; the README shows
// this table as `lintRulesMarkdown()` prints it.
import { TAMPER_RULES, type TamperRule } from './tamper.ts';
import type { LanguageName, Severity } from './types.ts';

export interface LintRuleGroup {
  language: LanguageName;
  /** `flywheel` is ours: host-side checks on the tree-sitter tree and static checks in the harness. */
  tool: 'pyflakes' | 'python' | 'php-l' | 'tsc' | 'tsc-strict' | 'eslint' | 'flywheel';
  /** Rule ids as the tool names them; `*` alone is every other rule of the tool, `TS*` a prefix. */
  rules: readonly string[];
  severity: Severity;
  why: string;
}

// ESLint recommended (and typescript-eslint recommended) rules that find code which is wrong, not just untidy.
const ESLINT_DEFECTS = [
  'for-direction', 'no-compare-neg-zero', 'no-cond-assign', 'no-constant-binary-expression', 'no-dupe-else-if',
  'no-duplicate-case', 'no-empty-character-class', 'no-ex-assign', 'no-invalid-regexp', 'no-loss-of-precision',
  'no-self-assign', 'no-unexpected-multiline', 'no-unsafe-finally', 'no-unsafe-optional-chaining', 'use-isnan',
  'valid-typeof', 'no-global-assign', 'require-yield', 'parse',
];
// Rules typescript-eslint switches off for .ts files because tsc reports the same defects.
const ESLINT_JS_ONLY_DEFECTS = [
  'no-undef', 'constructor-super', 'getter-return', 'no-class-assign', 'no-const-assign', 'no-dupe-args',
  'no-dupe-class-members', 'no-dupe-keys', 'no-func-assign', 'no-import-assign', 'no-new-native-nonconstructor',
  'no-obj-calls', 'no-redeclare', 'no-setter-return', 'no-this-before-super', 'no-unsafe-negation',
];
const TSESLINT_DEFECTS = [
  '@typescript-eslint/no-duplicate-enum-values', '@typescript-eslint/no-misused-new',
  '@typescript-eslint/no-non-null-asserted-optional-chain', '@typescript-eslint/no-unsafe-declaration-merging',
];
const TESTS_CALL = {
  tool: 'flywheel', rules: ['tests-call-solution'], severity: 'error',
  why: 'tests that never mention the solution\'s functions test nothing (checked on the host, on the tree-sitter tree)',
} as const;
const DUPLICATE_TEST = {
  tool: 'flywheel', rules: ['duplicate-test'], severity: 'error',
  why: 'a test function defined twice: only the last definition runs, the others test nothing',
} as const;

const TOO_DEEP = {
  tool: 'flywheel', rules: ['too-deep'], severity: 'error',
  why: 'nested too deeply for the linter (or the host) to read: no honest program is, and a linter that gave up must not pass it',
} as const;

/** The tamper gate's rules a language has, one row each (see tamper.ts). */
function tamperRows(language: LanguageName, rules: TamperRule[]): LintRuleGroup[] {
  return rules.map((rule) => ({ language, tool: 'flywheel', rules: [rule], severity: 'error', why: TAMPER_RULES[rule] }));
}
const TAMPER_PYTHON: TamperRule[] = ['tamper-exit', 'tamper-exit-hook', 'tamper-builtins', 'tamper-modules', 'tamper-assert', 'tamper-introspection', 'tamper-always-equal', 'tamper-harness'];
const TAMPER_PHP: TamperRule[] = ['tamper-exit', 'tamper-exit-hook', 'tamper-ini', 'tamper-assert', 'tamper-introspection', 'tamper-harness'];
const TAMPER_ES: TamperRule[] = ['tamper-exit', 'tamper-exit-hook', 'tamper-builtins', 'tamper-modules', 'tamper-assert', 'tamper-lint-switch', 'tamper-harness'];

export const LINT_RULES: readonly LintRuleGroup[] = [
  { language: 'python', tool: 'python', rules: ['SyntaxError'], severity: 'error', why: 'Python\'s own compiler rejects the file (what tree-sitter lets through, e.g. `print "x"`)' },
  {
    language: 'python', tool: 'pyflakes', severity: 'error', why: 'fails when run, or silently tests nothing',
    rules: [
      'UndefinedName', 'UndefinedLocal', 'UndefinedExport', 'DuplicateArgument', 'ReturnOutsideFunction',
      'YieldOutsideFunction', 'ContinueOutsideLoop', 'BreakOutsideLoop', 'ContinueInFinally', 'DefaultExceptNotLast',
      'TwoStarredExpressions', 'TooManyExpressionsInStarredAssignment', 'AssertTuple', 'IfTuple', 'IsLiteral',
      'RaiseNotImplemented', 'InvalidPrintSyntax', 'ImportStarNotPermitted', 'LateFutureImport',
      'FutureFeatureNotDefined', 'ForwardAnnotationSyntaxError',
      'PercentFormatInvalidFormat', 'PercentFormatMixedPositionalAndNamed', 'PercentFormatUnsupportedFormatCharacter',
      'PercentFormatPositionalCountMismatch', 'PercentFormatExpectedMapping', 'PercentFormatExpectedSequence',
      'PercentFormatMissingArgument', 'PercentFormatStarRequiresSequence', 'StringDotFormatInvalidFormat',
      'StringDotFormatMissingArgument', 'StringDotFormatMixingAutomatic',
    ],
  },
  { language: 'python', tool: 'flywheel', rules: ['shadows-solution'], severity: 'error', why: 'tests that redefine a solution function test their own copy' },
  { language: 'python', ...TESTS_CALL },
  { language: 'python', ...TOO_DEEP },
  { language: 'python', ...DUPLICATE_TEST },
  ...tamperRows('python', TAMPER_PYTHON),
  {
    language: 'python', tool: 'pyflakes', rules: ['*'], severity: 'warning',
    why: 'unused imports and variables, f-strings without placeholders, star imports, repeated dict keys, a name defined again before use (`RedefinedWhileUnused`: HumanEval\'s completions re-define the prompt\'s stub)',
  },

  { language: 'php', tool: 'php-l', rules: ['syntax'], severity: 'error', why: '`php -l` rejects the file (parse and compile errors)' },
  {
    language: 'php', tool: 'flywheel', rules: ['undefined-function', 'undefined-class', 'duplicate-function'], severity: 'error',
    why: 'calls to functions or classes neither file nor PHP defines, or a function declared twice (static: token scan plus function_exists in the sandbox, no sample code run)',
  },
  { language: 'php', ...TESTS_CALL },
  {
    language: 'php', tool: 'flywheel', rules: ['tests-global', 'solution-uses-tests'], severity: 'error',
    why: 'the tests\' top level runs in a scope of its own, so `global` in the tests reaches nothing (or hands their data to the solution); a solution that uses a function, class or constant only the tests declare reads the tests\' data',
  },
  { language: 'php', ...TOO_DEEP },
  ...tamperRows('php', TAMPER_PHP),

  { language: 'typescript', tool: 'tsc', rules: ['TS*'], severity: 'error', why: 'type errors of `tsc` as MultiPL-E runs it (`--target esnext`, not strict), on solution and tests together' },
  { language: 'typescript', tool: 'tsc-strict', rules: ['TS*'], severity: 'warning', why: 'what `--strict` adds (implicit any, possibly undefined, ...): style, fed back, never failing' },
  { language: 'typescript', tool: 'eslint', rules: [...ESLINT_DEFECTS, ...TSESLINT_DEFECTS], severity: 'error', why: 'ESLint recommended + typescript-eslint recommended rules that find defects' },
  { language: 'typescript', ...TESTS_CALL },
  { language: 'typescript', ...TOO_DEEP },
  { language: 'typescript', ...DUPLICATE_TEST },
  ...tamperRows('typescript', TAMPER_ES),
  { language: 'typescript', tool: 'eslint', rules: ['*'], severity: 'warning', why: 'the rest of both recommended sets: unused variables, `any`, prefer-const, empty blocks, ...' },

  { language: 'javascript', tool: 'eslint', rules: [...ESLINT_DEFECTS, ...ESLINT_JS_ONLY_DEFECTS], severity: 'error', why: 'ESLint recommended rules that find defects, no-undef first' },
  { language: 'javascript', ...TESTS_CALL },
  { language: 'javascript', ...TOO_DEEP },
  { language: 'javascript', ...DUPLICATE_TEST },
  ...tamperRows('javascript', TAMPER_ES),
  { language: 'javascript', tool: 'eslint', rules: ['*'], severity: 'warning', why: 'the rest of ESLint recommended: unused variables, empty blocks, useless escapes, ...' },
];

function matches(pattern: string, rule: string): boolean {
  return pattern.endsWith('*') ? rule.startsWith(pattern.slice(0, -1)) : pattern === rule;
}

/**
 * Severity of a finding: the first group naming the rule exactly, then a pattern group of its tool; a finding
 * no group covers is style.
 */
export function severityOf(language: LanguageName, tool: string, rule: string): Severity {
  const groups = LINT_RULES.filter((g) => g.language === language && g.tool === tool);
  const exact = groups.find((g) => g.rules.includes(rule));
  if (exact) return exact.severity;
  const pattern = groups.find((g) => g.rules.some((r) => r.includes('*') && matches(r, rule)));
  return pattern?.severity ?? 'warning';
}

/** `tool:rule` patterns of the error findings, as the harnesses take them. */
export function errorRules(language: LanguageName): string[] {
  return LINT_RULES.filter((g) => g.language === language && g.severity === 'error').flatMap((g) => g.rules.map((r) => `${g.tool}:${r}`));
}

/** The table as the README shows it. */
export function lintRulesMarkdown(): string {
  const rows = LINT_RULES.map((g) => `| ${g.language} | ${g.tool} | ${g.severity} | ${g.rules.map((r) => `\`${r}\``).join(', ')} | ${g.why} |`);
  return ['| language | tool | severity | rules | why |', '|---|---|---|---|---|', ...rows].join('\n');
}
