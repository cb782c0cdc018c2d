// The problem bank the stand-in model answers from: standin/bank/<id>/problem.json plus the correct and
// the flawed files of each language. Read once at start-up; a bank that does not follow the layout stops
// the stand-in naming the file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlywheelError } from '../errors.ts';
import { generatedLanguages, LANGUAGES, type GeneratedLanguage } from '../languages/registry.ts';

/** The bank holds every language rounds generate. */
export const bankLanguages = generatedLanguages;
export type BankLanguage = GeneratedLanguage;

export type FlawKind =
  | 'syntax-error' | 'undefined-name' | 'wrong-answer' | 'infinite-loop' | 'wrong-tests' | 'prints-a-lot' | 'judge-style' | 'never-fixed';

export interface BankFlaw {
  language: BankLanguage;
  kind: FlawKind;
  /** The model's first answer for this language (relative to the problem's directory). */
  file: string;
  fixes: 'solution' | 'tests';
  /** never-fixed: the answers to successive revision requests, all still wrong. */
  revisions?: string[];
}

export interface JudgeVerdict {
  correct: 0 | 1;
  style: 0 | 1;
  reason: string;
}

export interface BankProblem {
  id: string;
  topic: string;
  difficulty: string;
  problem: {
    title: string;
    statement: string;
    signature: string;
    examples: { input: unknown; output: unknown; explanation?: string }[];
    constraints: string[];
    tags: string[];
  };
  flaws: BankFlaw[];
  judge?: Partial<Record<BankLanguage, { first: JudgeVerdict }>>;
  near_duplicate_of?: string;
  contaminated_by?: string;
}

export interface BankEntry extends BankProblem {
  /** Contents of every file the entry names or has, by path relative to its directory. */
  files: ReadonlyMap<string, string>;
}

export const solutionFile = (language: BankLanguage): string => LANGUAGES[language].bankFiles.solution;
export const testsFile = (language: BankLanguage): string => LANGUAGES[language].bankFiles.tests;

/** The standin/bank/ directory of this repository: the bank shipped with the project. */
export const defaultBankDir = fileURLToPath(new URL('../../standin/bank/', import.meta.url));

function fail(message: string, cause?: unknown): never {
  throw new FlywheelError('FLY_CONFIG_INVALID', `stand-in bank: ${message}`, cause === undefined ? {} : { cause });
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    fail(`cannot read ${file}`, err);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    fail(`${file} is not valid JSON`, err);
  }
}

/** Problem ids in bank order: index.json when present, else the directories holding a problem.json, sorted. */
function bankIds(dir: string): string[] {
  const index = path.join(dir, 'index.json');
  if (existsSync(index)) {
    const ids = readJson(index);
    if (!Array.isArray(ids) || ids.length === 0) fail(`${index} must be a non-empty array of problem ids`);
    return ids.map((entry: unknown) => {
      const id = typeof entry === 'object' && entry !== null && 'id' in entry ? (entry as { id: unknown }).id : entry;
      if (typeof id !== 'string' || id === '') fail(`${index}: every entry must be a problem id`);
      return id;
    });
  }
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    fail(`cannot read the bank directory ${dir}`, err);
  }
  return names.filter((name) => existsSync(path.join(dir, name, 'problem.json'))).sort();
}

function checkProblem(file: string, raw: unknown): BankProblem {
  const p = raw as Partial<BankProblem> | null;
  const problem = p?.problem;
  if (!p || typeof p.id !== 'string' || typeof p.difficulty !== 'string' || !problem) fail(`${file}: needs id, difficulty and problem`);
  for (const key of ['title', 'statement', 'signature'] as const) {
    if (typeof problem[key] !== 'string' || problem[key] === '') fail(`${file}: problem.${key} must be a non-empty string`);
  }
  if (!Array.isArray(problem.examples)) fail(`${file}: problem.examples must be an array`);
  const flaws = p.flaws ?? [];
  if (!Array.isArray(flaws)) fail(`${file}: flaws must be an array`);
  for (const flaw of flaws) {
    if (!(bankLanguages as readonly string[]).includes(flaw.language) || typeof flaw.file !== 'string' || !['solution', 'tests'].includes(flaw.fixes)) {
      fail(`${file}: every flaw needs a language (${bankLanguages.join(', ')}), a file and fixes (solution or tests)`);
    }
  }
  return {
    ...p,
    topic: p.topic ?? '',
    problem: { ...problem, constraints: problem.constraints ?? [], tags: problem.tags ?? [] },
    flaws,
  } as BankProblem;
}

export function loadBank(dir: string = defaultBankDir): BankEntry[] {
  const ids = bankIds(dir);
  if (ids.length === 0) fail(`no problems in ${dir}`);
  return ids.map((id) => {
    const problemDir = path.join(dir, id);
    const file = path.join(problemDir, 'problem.json');
    const problem = checkProblem(file, readJson(file));
    const files = new Map<string, string>();
    const wanted = [
      ...bankLanguages.flatMap((l) => [solutionFile(l), testsFile(l)]),
      ...problem.flaws.flatMap((f) => [f.file, ...(f.revisions ?? [])]),
    ];
    for (const name of wanted) {
      const full = path.join(problemDir, name);
      if (existsSync(full)) files.set(name, readFileSync(full, 'utf8'));
      else if (!bankLanguages.some((l) => name === solutionFile(l) || name === testsFile(l))) fail(`${file} names ${name}, which does not exist`);
    }
    return { ...problem, files };
  });
}
