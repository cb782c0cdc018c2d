// The languages the checks know, by name: the registry's records (registry.ts) with how each is parsed and
// run. Adding one: see registry.ts.
import { FlywheelError } from '../errors.ts';
import { javascript } from './javascript.ts';
import { php } from './php.ts';
import { python } from './python.ts';
import { typescript } from './typescript.ts';
import type { Language, LanguageName } from './types.ts';

export type { Diagnostic, EntryPoint, Language, LanguageName, ParsedSample, SampleSource, Severity, Stage, TestFiles } from './types.ts';
export { LINT_RULES, errorRules, lintRulesMarkdown, severityOf } from './lint-rules.ts';

export const languages: Readonly<Record<LanguageName, Language>> = { python, php, typescript, javascript };

export {
  LANGUAGES, displayName, generatedLanguages, isLanguageName, languageImages, languageInfo, languageNames, sourceLanguage, targetLanguages,
  type GeneratedLanguage, type LanguageInfo, type LanguageRole, type SourceLanguage, type TargetLanguage,
} from './registry.ts';

/** The language of that name; FLY_LANGUAGE_UNKNOWN naming the known ones otherwise. */
export function getLanguage(name: string, known: Readonly<Partial<Record<string, Language>>> = languages): Language {
  const language = Object.hasOwn(known, name) ? known[name] : undefined;
  if (!language) {
    throw new FlywheelError('FLY_LANGUAGE_UNKNOWN', `unknown language ${JSON.stringify(name)} (known: ${Object.keys(known).join(', ')})`);
  }
  return language;
}
