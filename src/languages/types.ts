// What the checks need to know about a language: how to read a sample on the host (tree-sitter), which
// sandbox image and harness run it, and the files the harness gets. One file per language implements this.

import type { LanguageName } from './registry.ts';

export type { LanguageName } from './registry.ts';
export type Stage = 'parse' | 'lint' | 'test';
export type Severity = 'error' | 'warning';

/** One finding about a sample. `error` fails its stage; `warning` is style, recorded and fed back only. */
export interface Diagnostic {
  stage: Stage;
  severity: Severity;
  /** `solution` or `tests` file name as the sandbox saw it, e.g. `solution.py`. */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  message: string;
  /** `tool:rule`, e.g. `pyflakes:UndefinedName`, `eslint:no-undef`, `tsc:TS2304`, `tree-sitter:ERROR`. */
  rule?: string;
}

/** A function, class or method the solution defines and the tests may call. */
export interface EntryPoint {
  name: string;
  kind: 'function' | 'class' | 'method';
  /** As written, e.g. `two_sum(nums: list[int], target: int) -> list[int]`. */
  signature: string;
  line: number;
}

export interface SampleSource {
  code: string;
  tests: string;
  /**
   * The function the tests' `check(candidate)` is for, as HumanEval and MBPP name it (`entry_point`): when the
   * tests define `check` and never call it, the host appends `check(<entryPoint>)`.
   */
  entryPoint?: string;
}

export interface ParsedSample {
  /** Syntax errors (stage `parse`) and the host's own lint findings (stage `lint`). */
  diagnostics: Diagnostic[];
  entryPoints: EntryPoint[];
  /** The tests' test functions in source order (`Class.method` for methods of test classes). */
  testNames: string[];
  /** Entry points the tests mention by name. */
  calledEntryPoints: string[];
  /** The files as the sandbox gets them (TS/JS tests get the solution's imports and their test exports appended). */
  files: { solution: string; tests: string };
  /** What the harness and the linter are told about the sample besides its files (e.g. how to load it). */
  harness: Record<string, unknown>;
}

/** Files and names of a test job, relative to its work directory. */
export interface TestFiles {
  files: Record<string, string>;
  solution: string;
  tests: string;
}

export interface Language {
  readonly name: LanguageName;
  /** sandbox-images folder of the image that runs it (the registry's). */
  readonly image: string;
  /** File names of the sample in the sandbox. */
  readonly fileNames: { readonly solution: string; readonly tests: string };
  /**
   * Where the linter runs: in the test job itself (cheap to start, so one job per sample), or in the image's
   * resident linter (one that takes seconds to load, kept warm), in a lint job of its own before the test job.
   */
  readonly lintMode: 'with-tests' | 'service';
  /** argv of the harness entries; the job file name is appended. */
  readonly harness: { readonly test: readonly string[]; readonly lint?: readonly string[] };
  /** In-process on the host: syntax diagnostics, entry points, test names, sandbox-ready files. */
  parse(sample: SampleSource): ParsedSample;
  /** The test job's files (TypeScript: compiled to JavaScript on the host, which runs none of it). */
  testFiles(parsed: ParsedSample): TestFiles;
}
