// Prompt templates: one file per stage in prompts/, with `{{name}}` placeholders and `{{#name=value}}...{{/name}}`
// sections (kept when the variable equals the value) or `{{#name}}...{{/name}}` (kept when it is not empty),
// so each template states every language's conventions and a prompt carries only the one it needs.
// A template's version is the first 12 hex digits of its file's sha256, stored with what it produced.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlywheelError } from '../errors.ts';
import type { GeneratedLanguage } from '../languages/registry.ts';
import type { GeneratedProblem } from './schema.ts';
import { stages, type Stage } from './settings.ts';

/** A language the templates have sections for: every language rounds generate. */
export type PromptLanguage = GeneratedLanguage;

/** The variables each stage's template is rendered with. */
export interface PromptVars {
  problem: { topic: string; difficulty: string; snippet: string; snippet_language: string };
  solution: { language: PromptLanguage; problem: string; signature: string };
  tests: { language: PromptLanguage; problem: string; signature: string; solution: string };
  revise: { language: PromptLanguage; problem: string; signature: string; solution: string; tests: string; feedback: string };
  translate: { source_language: PromptLanguage; target_language: PromptLanguage; problem: string; signature: string; solution: string; tests: string };
  judge: { language: PromptLanguage; problem: string; solution: string };
}

export interface PromptTemplate<S extends Stage> {
  stage: S;
  /** sha256 of the template file, first 12 hex digits. */
  version: string;
  file: string;
  render(vars: PromptVars[S]): string;
}

export type Prompts = { [S in Stage]: PromptTemplate<S> } & {
  /** prompts/topics.txt: one programming topic a line. */
  topics: string[];
  /** prompts/difficulties.txt */
  difficulties: string[];
};

/** The prompts/ directory of this repository. */
export const defaultPromptsDir = fileURLToPath(new URL('../../prompts/', import.meta.url));

/** The line each template starts with; the stand-in model recognises the stage by it. */
export function stageMarker(stage: Stage): string {
  return `[flywheel:${stage}]`;
}

const varNames: { [S in Stage]: readonly (keyof PromptVars[S])[] } = {
  problem: ['topic', 'difficulty', 'snippet', 'snippet_language'],
  solution: ['language', 'problem', 'signature'],
  tests: ['language', 'problem', 'signature', 'solution'],
  revise: ['language', 'problem', 'signature', 'solution', 'tests', 'feedback'],
  translate: ['source_language', 'target_language', 'problem', 'signature', 'solution', 'tests'],
  judge: ['language', 'problem', 'solution'],
};

const sectionRe = /\{\{#(\w+)(?:=([\w-]+))?\}\}([\s\S]*?)\{\{\/\1\}\}\n?/g;
const placeholderRe = /\{\{(\w+)\}\}/g;

/** Names a template uses (placeholders and sections). */
export function templateNames(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.matchAll(/\{\{[#/]?(\w+)(?:=[\w-]+)?\}\}/g)) names.add(m[1] as string);
  return [...names];
}

/** Fills a template: sections first, then placeholders in one pass (values are never re-scanned). */
export function renderTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  let kept = template;
  // Repeated so that sections inside kept sections are resolved too.
  for (let previous = ''; previous !== kept; ) {
    previous = kept;
    kept = kept.replace(sectionRe, (_all, name: string, value: string | undefined, body: string) => {
      const actual = vars[name] ?? '';
      return (value === undefined ? actual !== '' : actual === value) ? body.replace(/^\n/, '') : '';
    });
  }
  return kept.replace(placeholderRe, (_all, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new FlywheelError('FLY_INTERNAL', `prompt variable "${name}" has no value`);
    return value;
  });
}

export function promptVersion(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 12);
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new FlywheelError('FLY_CONFIG_INVALID', `cannot read prompt file ${file}`, { cause: err });
  }
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

/**
 * Reads and checks every template of `dir` (each starts with its stage marker and uses only its stage's
 * variables); throws FLY_CONFIG_INVALID naming what is wrong.
 */
export async function loadPrompts(dir: string = defaultPromptsDir): Promise<Prompts> {
  const templates = {} as { [S in Stage]: PromptTemplate<S> };
  const problems: string[] = [];
  for (const stage of stages) {
    const file = path.join(dir, `${stage}.md`);
    const raw = await readFile(file).catch((err: unknown) => {
      throw new FlywheelError('FLY_CONFIG_INVALID', `cannot read prompt template ${file}`, { cause: err });
    });
    const text = raw.toString('utf8');
    if (!text.startsWith(stageMarker(stage))) problems.push(`${stage}.md: must start with ${stageMarker(stage)}`);
    const allowed = varNames[stage] as readonly string[];
    for (const name of templateNames(text)) {
      if (!allowed.includes(name)) problems.push(`${stage}.md: unknown variable {{${name}}} (allowed: ${allowed.join(', ')})`);
    }
    const template: PromptTemplate<Stage> = {
      stage,
      version: promptVersion(raw),
      file,
      render: (vars) => renderTemplate(text, vars as unknown as Record<string, string>),
    };
    (templates as Record<Stage, PromptTemplate<Stage>>)[stage] = template;
  }
  if (problems.length > 0) throw new FlywheelError('FLY_CONFIG_INVALID', `invalid prompt templates: ${problems.join('; ')}`, { details: { problems } });
  const topics = lines(await readText(path.join(dir, 'topics.txt')));
  const difficulties = lines(await readText(path.join(dir, 'difficulties.txt')));
  if (topics.length === 0 || difficulties.length === 0) throw new FlywheelError('FLY_CONFIG_INVALID', `prompts in ${dir}: topics.txt and difficulties.txt must not be empty`);
  return { ...templates, topics, difficulties };
}

/** A problem as the solution, tests, revise, translate and judge prompts show it. */
export function formatProblem(problem: Pick<GeneratedProblem, 'title' | 'statement' | 'signature' | 'examples' | 'constraints'>): string {
  const examples = problem.examples.map((e, i) => {
    const explanation = e.explanation ? `\nExplanation: ${e.explanation}` : '';
    return `Example ${i + 1}:\nInput: ${e.input}\nOutput: ${e.output}${explanation}`;
  });
  const constraints = problem.constraints.map((c) => `- ${c}`);
  return [
    `Title: ${problem.title}`,
    '',
    problem.statement.trim(),
    '',
    `Signature: ${problem.signature}`,
    ...(examples.length > 0 ? ['', ...examples.flatMap((e) => [e, ''])].slice(0, -1) : []),
    ...(constraints.length > 0 ? ['', 'Constraints:', ...constraints] : []),
  ].join('\n');
}
