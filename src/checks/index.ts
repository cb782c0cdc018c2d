// The checks as the rest of the service uses them.
export { createChecker, type CheckInput, type CheckOptions, type Checker, type CheckerDeps } from './checker.ts';
export { feedbackText, formatDiagnostic } from './feedback.ts';
export type { CaseStatus, Diagnostic, Stage, TestCase, Verdict, VerdictStatus } from './verdict.ts';
