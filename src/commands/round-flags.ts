// The flags of the round commands (`demo`, `run`, `resume`; `serve` takes some for its scheduled rounds) and
// the round settings they make.
import { FlywheelError } from '../errors.ts';
import { checkRoundFiles, cliInputRules } from '../pipeline/inputs.ts';
import type { RoundSettings, TargetLanguage } from '../pipeline/settings.ts';
import type { CommandContext } from './context.ts';

export const roundOptions = {
  size: { type: 'string' },
  languages: { type: 'string' },
  'revision-budget': { type: 'string' },
  'dedup-threshold': { type: 'string' },
  ngram: { type: 'string' },
  benchmark: { type: 'string', multiple: true },
  'seed-path': { type: 'string', multiple: true },
  seed: { type: 'string' },
  concurrency: { type: 'string' },
  join: { type: 'string' },
} as const;

/** Round settings from the command's flags (unset flags keep the defaults). */
export function settingsFromFlags(values: CommandContext['values'] & Record<string, unknown>): Partial<RoundSettings> {
  const num = (name: string): number | undefined => {
    const raw = values[name];
    if (typeof raw !== 'string') return undefined;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw new FlywheelError('FLY_USAGE', `--${name}: expected a number, got "${raw}"`);
    return value;
  };
  const list = (name: string): string[] | undefined => (Array.isArray(values[name]) ? (values[name] as string[]) : undefined);
  const languages = typeof values.languages === 'string'
    ? (values.languages.split(',').map((l) => l.trim()).filter(Boolean) as TargetLanguage[])
    : undefined;
  const out: Partial<RoundSettings> = {};
  const set = <K extends keyof RoundSettings>(key: K, value: RoundSettings[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('size', num('size'));
  set('languages', languages);
  set('revisionBudget', num('revision-budget'));
  set('dedupThreshold', num('dedup-threshold'));
  set('ngram', num('ngram'));
  set('seed', num('seed'));
  set('benchmarkFiles', list('benchmark'));
  set('seedPaths', list('seed-path'));
  return out;
}

/**
 * A round's settings with its files checked and made real paths: the operator on the command line may name
 * any path, but only regular files within ROUND_FILE_MAX_MB, ROUND_MAX_FILES in all.
 */
export async function checkedRoundSettings(config: CommandContext['config'], settings: Partial<RoundSettings>): Promise<Partial<RoundSettings>> {
  const files = await checkRoundFiles({ benchmarkFiles: settings.benchmarkFiles ?? [], seedPaths: settings.seedPaths ?? [] }, cliInputRules(config));
  return { ...settings, ...files };
}

// Problems worked on at once by one process; model requests are bounded apart by LLM_CONCURRENCY.
const MAX_CONCURRENCY = 1024;

export function concurrencyOf(ctx: CommandContext): number {
  const raw = ctx.values.concurrency;
  if (raw === undefined) return Math.max(4, Math.min(ctx.config.llmConcurrency, 64));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) throw new FlywheelError('FLY_USAGE', `--concurrency: expected a whole number in 1..${MAX_CONCURRENCY}, got "${String(raw)}"`);
  return n;
}
