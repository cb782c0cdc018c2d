// The flags of the round commands (`demo`, `run`, `resume`; `serve` takes some for its scheduled rounds) and
// the round settings they make.
import type { ParseArgsConfig } from 'node:util';
import { FlywheelError } from '../errors.ts';
import { checkRoundFiles, cliInputRules } from '../pipeline/inputs.ts';
import { roundSettingNames, settingSchema, type RoundSettingName, type RoundSettings, type SettingSchema } from '../pipeline/settings.ts';
import type { CommandContext } from './context.ts';

/** The settings that have a flag, with it: `--revision-budget` is revisionBudget. */
const flagged = roundSettingNames.flatMap((name) => {
  const schema = settingSchema(name);
  return schema.flag === undefined ? [] : [{ name, flag: schema.flag, schema }];
});

/** A list of free values (paths) is a repeated flag; a list of known values (languages) one comma-separated flag. */
const repeated = (schema: SettingSchema) => schema.type === 'array' && schema.items?.enum === undefined;

/** The flags of these settings (default: every setting that has one), for parseArgs. */
export function settingOptions(names: readonly RoundSettingName[] = roundSettingNames): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(flagged.filter((f) => names.includes(f.name))
    .map(({ flag, schema }) => [flag, repeated(schema) ? { type: 'string', multiple: true } : { type: 'string' }]));
}

/** The same flags as a usage line's words: `[--size N] [--languages php,typescript] [--benchmark PATH]...`. */
export function settingUsage(names: readonly RoundSettingName[] = roundSettingNames): string {
  return flagged.filter((f) => names.includes(f.name)).map(({ flag, schema }) => {
    if (schema.type === 'integer') return `[--${flag} N]`;
    if (schema.type === 'number') return `[--${flag} X]`;
    return repeated(schema) ? `[--${flag} PATH]...` : `[--${flag} ${schema.items?.enum?.join(',') ?? 'A,B'}]`;
  }).join(' ');
}

export const roundOptions: NonNullable<ParseArgsConfig['options']> = { ...settingOptions(), concurrency: { type: 'string' }, join: { type: 'string' } };

/** Round settings from the command's flags (unset flags keep the defaults); resolveRoundSettings checks them. */
export function settingsFromFlags(values: CommandContext['values'] & Record<string, unknown>): Partial<RoundSettings> {
  const out: Record<string, unknown> = {};
  for (const { name, flag, schema } of flagged) {
    const raw = values[flag];
    if (raw === undefined) continue;
    if (schema.type !== 'array') {
      const value = Number(raw);
      if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) throw new FlywheelError('FLY_USAGE', `--${flag}: expected a number, got "${String(raw)}"`);
      out[name] = value;
    } else {
      out[name] = repeated(schema) ? raw : String(raw).split(',').map((v) => v.trim()).filter(Boolean);
    }
  }
  return out as Partial<RoundSettings>;
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
