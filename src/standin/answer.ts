// What the stand-in answers. It recognises the stage by the marker line each prompt template starts with,
// finds the problem by the title in the prompt, and picks the file by comparing the code in the prompt
// with the bank's flawed and correct files, so a whole flywheel round can run against it deterministically.
import { bankLanguages, solutionFile, testsFile, type BankEntry, type BankFlaw, type BankLanguage, type JudgeVerdict } from './bank.ts';

export type Structured = { kind: 'json' } | { kind: 'choice'; choices: string[]; quoted: boolean } | null;

export interface Answer {
  stage: string;
  text: string;
}

export interface Answerer {
  answer(prompt: string, structured: Structured): Answer;
}

const fence = (language: string, code: string): string => `\`\`\`${language}\n${code.replace(/\s+$/, '')}\n\`\`\``;

/** Code compared line by line, ignoring indentation and blank lines (answers are re-indented and trimmed). */
export function normalizeCode(code: string): string {
  return code.split('\n').map((l) => l.trim()).filter((l) => l !== '').join('\n');
}

function languageAfter(prompt: string, label: string): BankLanguage | null {
  const m = new RegExp(`^${label}:[ \\t]*(\\w+)`, 'mi').exec(prompt);
  const value = m?.[1]?.toLowerCase();
  return (bankLanguages as readonly string[]).includes(value ?? '') ? (value as BankLanguage) : null;
}

function problemJson(entry: BankEntry): Record<string, unknown> {
  const p = entry.problem;
  const literal = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  return {
    title: p.title,
    statement: p.statement,
    signature: p.signature,
    examples: p.examples.map((e) => ({ input: literal(e.input), output: literal(e.output), ...(e.explanation ? { explanation: e.explanation } : {}) })),
    constraints: p.constraints,
    difficulty: entry.difficulty,
    tags: p.tags,
  };
}

/** `firstProblem`: where in the bank's order problem requests start (a demo run continues the last one). */
export function createAnswerer(bank: readonly BankEntry[], firstProblem = 0): Answerer {
  let served = firstProblem;

  /** The problem named by the prompt: its "Title:" line, else the longest bank title it contains. */
  function findProblem(prompt: string): BankEntry | null {
    const title = /^Title:[ \t]*(.+)$/m.exec(prompt)?.[1]?.trim();
    const exact = bank.find((e) => e.problem.title === title);
    if (exact) return exact;
    const contained = bank.filter((e) => prompt.includes(e.problem.title) || prompt.includes(e.problem.signature));
    return contained.sort((a, b) => b.problem.title.length - a.problem.title.length)[0] ?? null;
  }

  function file(entry: BankEntry, name: string): string | null {
    return entry.files.get(name) ?? null;
  }

  function firstFlaw(entry: BankEntry, language: BankLanguage, fixes: 'solution' | 'tests'): BankFlaw | undefined {
    return entry.flaws.find((f) => f.language === language && f.fixes === fixes);
  }

  /** The model's first answer for a file: the flawed one where the bank has a flaw, else the correct one. */
  function firstAnswer(entry: BankEntry, language: BankLanguage, fixes: 'solution' | 'tests'): string | null {
    const flaw = firstFlaw(entry, language, fixes);
    if (flaw) return file(entry, flaw.file);
    return file(entry, fixes === 'solution' ? solutionFile(language) : testsFile(language));
  }

  /** The flaw whose answer (first or a revision) the prompt shows, with how far along it is (0 = first). */
  function shownFlaw(entry: BankEntry, language: BankLanguage, prompt: string): { flaw: BankFlaw; step: number } | null {
    const haystack = normalizeCode(prompt);
    for (const flaw of entry.flaws.filter((f) => f.language === language)) {
      const answers = [flaw.file, ...(flaw.revisions ?? [])];
      for (let step = answers.length - 1; step >= 0; step--) {
        const content = file(entry, answers[step] as string);
        if (content !== null && haystack.includes(normalizeCode(content))) return { flaw, step };
      }
    }
    return null;
  }

  function problem(structured: Structured): Answer {
    const entry = bank[served % bank.length] as BankEntry;
    served++;
    const json = problemJson(entry);
    if (structured?.kind === 'json') return { stage: 'problem', text: JSON.stringify(json) };
    return { stage: 'problem', text: `Here is a new exercise.\n\n${fence('json', JSON.stringify(json, null, 2))}\n` };
  }

  function code(stage: 'solution' | 'tests', prompt: string): Answer {
    const entry = findProblem(prompt);
    const language = languageAfter(prompt, 'Language') ?? 'python';
    if (!entry) return { stage, text: 'I do not recognise this exercise, so I have no code for it.' };
    const content = firstAnswer(entry, language, stage);
    if (content === null) return { stage, text: `I cannot write this in ${language}.` };
    const intro = stage === 'solution' ? 'Here is a solution; the reasoning is in the comments.' : 'Here are the unit tests.';
    return { stage, text: `${intro}\n\n${fence(language, content)}\n` };
  }

  function revise(prompt: string): Answer {
    const entry = findProblem(prompt);
    const language = languageAfter(prompt, 'Language') ?? 'python';
    if (!entry) return { stage: 'revise', text: 'I do not recognise this exercise, so I cannot fix it.' };
    const shown = shownFlaw(entry, language, prompt);
    let fixes: 'solution' | 'tests' = 'solution';
    let content = file(entry, solutionFile(language));
    let note = 'The solution did not follow the statement; here it is corrected.';
    if (shown) {
      fixes = shown.flaw.fixes;
      const revisions = shown.flaw.revisions ?? [];
      if (shown.flaw.kind === 'never-fixed') {
        // Each revision request gets the next wrong revision; after the last, the last again.
        content = file(entry, revisions[Math.min(shown.step, revisions.length - 1)] ?? shown.flaw.file);
        note = 'I found the mistake and fixed it.';
      } else {
        content = file(entry, fixes === 'solution' ? solutionFile(language) : testsFile(language));
        note = fixes === 'tests' ? 'The tests expected something the statement does not say; they are corrected.' : note;
      }
    }
    if (content === null) return { stage: 'revise', text: `FIX: ${fixes}\n\nI cannot write this in ${language}.` };
    return { stage: 'revise', text: `FIX: ${fixes}\n\n${note}\n\n${fence(language, content)}\n` };
  }

  function translate(prompt: string): Answer {
    const entry = findProblem(prompt);
    const language = languageAfter(prompt, 'Target language');
    if (!entry || !language) return { stage: 'translate', text: 'I do not recognise this exercise or the target language.' };
    const solution = firstAnswer(entry, language, 'solution');
    const tests = firstAnswer(entry, language, 'tests');
    if (solution === null || tests === null) return { stage: 'translate', text: `I cannot write this in ${language}.` };
    return { stage: 'translate', text: `${fence(language, solution)}\n\n${fence(language, tests)}\n` };
  }

  /**
   * The bank's `judge.<language>.first` is the verdict on the model's first answer: the flawed file where the
   * language has a flaw (a judge-style flaw is correct but ugly), else the correct solution. Any other code
   * (a revision) is judged correct and clean.
   */
  function verdict(prompt: string): JudgeVerdict {
    const good: JudgeVerdict = { correct: 1, style: 1, reason: 'Correct for all inputs and clearly written.' };
    const entry = findProblem(prompt);
    if (!entry) return good;
    const language = languageAfter(prompt, 'Language') ?? 'python';
    const first = entry.judge?.[language]?.first;
    const shown = shownFlaw(entry, language, prompt);
    if (shown && shown.step === 0) {
      if (first) return first;
      return shown.flaw.kind === 'judge-style' ? { correct: 1, style: 0, reason: 'Correct, but hard to read: unclear names and no comments.' } : good;
    }
    const hasFlaw = entry.flaws.some((f) => f.language === language && f.fixes === 'solution');
    return !shown && !hasFlaw && first ? first : good;
  }

  function judge(prompt: string, structured: Structured): Answer {
    const v = verdict(prompt);
    if (structured?.kind === 'choice') return { stage: 'judge', text: choice(structured, String(v.correct)) };
    const json = JSON.stringify({ correct: v.correct, style: v.style, reason: v.reason });
    if (structured?.kind === 'json') return { stage: 'judge', text: json };
    return { stage: 'judge', text: `Correctness first, then style.\n\n${fence('json', json)}\n` };
  }

  return {
    answer(prompt, structured) {
      const stage = /\[flywheel:(\w+)\]/.exec(prompt)?.[1] ?? '';
      switch (stage) {
        case 'problem':
          return problem(structured);
        case 'solution':
        case 'tests':
          return code(stage, prompt);
        case 'revise':
          return revise(prompt);
        case 'translate':
          return translate(prompt);
        case 'judge':
          return judge(prompt, structured);
        default:
          if (structured?.kind === 'choice') return { stage: 'unknown', text: choice(structured, '') };
          return { stage: 'unknown', text: 'This is flywheel-standin, not a model: it answers only the flywheel\'s own prompts, from a fixed bank.' };
      }
    },
  };
}

/** `wanted` if it is one of the choices, else the first; a JSON string when the schema asked for one. */
function choice(structured: { choices: string[]; quoted: boolean }, wanted: string): string {
  const picked = structured.choices.includes(wanted) ? wanted : (structured.choices[0] ?? '');
  return structured.quoted ? JSON.stringify(picked) : picked;
}

/** A broken answer of the same stage, for the malformed-answer fault: JSON that does not parse, or no code. */
export function malformedAnswer(stage: string, structured: Structured): string {
  if (structured?.kind === 'choice') return 'maybe';
  if (stage === 'problem' || stage === 'judge' || structured?.kind === 'json') return '{"title": "Unfinished", "examples": [1, 2,, }';
  return 'Sorry, I got confused and have no code for this one.';
}
