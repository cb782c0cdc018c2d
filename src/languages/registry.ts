// Every language the project knows, as data: what the rest of the code asks about a language (its display
// name, the fence tags a model writes for it, its file extension, the image that runs it, what rounds do with
// it, the stand-in bank's files for it) is read here, never written out again elsewhere. How a sample of it is
// parsed and run lives beside this, one file per language (python.ts, php.ts, ...). Kept free of tree-sitter,
// so the prompts, the export and the API can ask without loading any grammar.
//
// Adding a language touches its record here and its implementation in this folder, its image under
// sandbox-images/, its section in each prompt template, its rows in lint-rules.ts and, for a generated
// language, its files in every problem of the stand-in's bank (README: "Adding a language");
// test/languages/registry.test.ts fails while any of them is missing.

/**
 * What a round does with a language: problems are solved in the `source` first, every accepted sample is
 * translated into each `target`; a `checks` language is verified (`flywheel verify`, POST /v1/verify) but never
 * generated.
 */
export type LanguageRole = 'source' | 'target' | 'checks';

export interface LanguageInfo {
  readonly displayName: string;
  readonly role: LanguageRole;
  /** Folder under sandbox-images/ of the image that runs it. */
  readonly image: string;
  /** File extension of its sources, with the dot (seed directories, bank files). */
  readonly extension: string;
  /** Tags of a Markdown fence that name it, lower-case, the name first (`py` is Python). */
  readonly fenceTags: readonly string[];
  /** How a line of its code may start, for telling an unfenced answer's code from prose. */
  readonly codeStart: RegExp;
  /** The stand-in bank's file names of a problem's correct solution and tests (generated languages only). */
  readonly bankFiles?: { readonly solution: string; readonly tests: string };
}

export const LANGUAGES = {
  python: {
    displayName: 'Python', role: 'source', image: 'python', extension: '.py', fenceTags: ['python', 'py', 'python3', 'py3'],
    codeStart: /^(def|class|import|from|return|if|elif|else|for|while|try|except|with|async|await|raise|assert|yield|lambda|pass)\b/,
    bankFiles: { solution: 'solution.py', tests: 'test_solution.py' },
  },
  php: {
    displayName: 'PHP', role: 'target', image: 'php', extension: '.php', fenceTags: ['php'],
    codeStart: /^(<\?php|\$\w+\s*=|(function|namespace|use|public|private|protected|static|abstract|final|interface|enum|const)\b)/,
    bankFiles: { solution: 'solution.php', tests: 'test_solution.php' },
  },
  typescript: {
    displayName: 'TypeScript', role: 'target', image: 'node', extension: '.ts', fenceTags: ['typescript', 'ts', 'tsx'],
    codeStart: /^(function|const|let|var|export|interface|type|enum|public|private|protected|static|namespace|declare|abstract)\b/,
    bankFiles: { solution: 'solution.ts', tests: 'solution.test.ts' },
  },
  javascript: {
    displayName: 'JavaScript', role: 'checks', image: 'node', extension: '.js', fenceTags: ['javascript', 'js', 'mjs', 'jsx'],
    codeStart: /^(function|const|let|var|export)\b/,
  },
} as const satisfies Record<string, LanguageInfo>;

type Registry = typeof LANGUAGES;
export type LanguageName = keyof Registry;
type WithRole<R extends LanguageRole> = { [K in LanguageName]: Registry[K]['role'] extends R ? K : never }[LanguageName];
/** The language problems are solved in first. */
export type SourceLanguage = WithRole<'source'>;
/** The languages accepted samples are translated into. */
export type TargetLanguage = WithRole<'target'>;
/** The languages rounds generate (and so prompt for, and the stand-in's bank holds). */
export type GeneratedLanguage = SourceLanguage | TargetLanguage;

export const languageNames = Object.keys(LANGUAGES) as LanguageName[];

const withRole = <R extends LanguageRole>(...roles: R[]) =>
  languageNames.filter((name) => (roles as LanguageRole[]).includes(LANGUAGES[name].role)) as WithRole<R>[];

export const sourceLanguage = withRole('source')[0] as SourceLanguage;
export const targetLanguages: readonly TargetLanguage[] = withRole('target');
export const generatedLanguages: readonly GeneratedLanguage[] = withRole('source', 'target');
/** The sandbox images every language together needs, each once. */
export const languageImages: readonly string[] = [...new Set(languageNames.map((name) => LANGUAGES[name].image))];

export function isLanguageName(name: string): name is LanguageName {
  return Object.hasOwn(LANGUAGES, name);
}

/** What the registry says of `name`, or undefined for a language it does not know. */
export function languageInfo(name: string): LanguageInfo | undefined {
  return isLanguageName(name) ? LANGUAGES[name] : undefined;
}

/** The display name (`PHP`), or the name itself for a language the registry does not know. */
export function displayName(name: string): string {
  return languageInfo(name)?.displayName ?? name;
}
