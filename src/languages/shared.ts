// Host-side checks every language shares, made on the tree-sitter results before any container is involved.
import type { Diagnostic, EntryPoint } from './types.ts';

/**
 * Tests that never mention any of the solution's functions or classes test nothing of it (they pass or fail
 * on their own). Only judged when the solution defines something to call.
 */
export function testsCallSolution(points: EntryPoint[], called: string[], mentionsModule: boolean, testsFile: string, hint = ''): Diagnostic[] {
  const callable = points.filter((p) => p.kind !== 'method');
  if (callable.length === 0 || called.length > 0 || mentionsModule) return [];
  const names = callable.slice(0, 5).map((p) => p.name).join(', ');
  return [{
    stage: 'lint',
    severity: 'error',
    file: testsFile,
    line: 1,
    column: 1,
    rule: 'flywheel:tests-call-solution',
    message: `the tests never use anything the solution defines (${names}), so they cannot test it${hint}`,
  }];
}

/** A test defined twice is a test that never runs (the second definition replaces the first). */
export function duplicateTests(names: string[], testsFile: string): Diagnostic[] {
  const twice = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
  return twice.map((name) => ({
    stage: 'lint', severity: 'error', file: testsFile, line: 1, column: 1, rule: 'flywheel:duplicate-test',
    message: `${name} is defined more than once: only the last definition runs, the others test nothing`,
  }));
}
