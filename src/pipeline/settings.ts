// What a round is started with. Stored whole in rounds.settings, so a resumed round or a joining worker
// works exactly as the round was started, whatever the flags of the process that picks it up.
import { FlywheelError } from '../errors.ts';
import { targetLanguages, type TargetLanguage } from '../languages/registry.ts';
import { defaultRoundSettings, roundSettingNames, settingSchema, type RoundSettings, type SettingSchema } from '../schemas/round-settings.ts';

export { targetLanguages, type TargetLanguage };
export { defaultRoundSettings, roundSettingNames, roundSettingsSchema, settingSchema, type RoundSettingName, type RoundSettings, type SettingSchema } from '../schemas/round-settings.ts';


/** Defaults overridden by `overrides`, each checked against its schema; throws FLY_BAD_REQUEST naming every wrong field. */
export function resolveRoundSettings(overrides: Partial<RoundSettings> = {}): RoundSettings {
  const s: RoundSettings = { ...defaultRoundSettings, ...stripUndefined(overrides) };
  const problems = roundSettingNames.flatMap((name) => settingProblems(name, settingSchema(name), s[name] as unknown));
  if (problems.length > 0) throw new FlywheelError('FLY_BAD_REQUEST', `invalid round settings: ${problems.join('; ')}`, { details: { problems } });
  return s;
}

/** A stored round's settings (the store fills those added since it started with their defaults), checked. */
export function storedRoundSettings(round: { settings: RoundSettings }): RoundSettings {
  return resolveRoundSettings(round.settings);
}

function settingProblems(name: string, schema: SettingSchema, value: unknown): string[] {
  if (schema.type === 'integer' || schema.type === 'number') {
    const n = typeof value === 'number' ? value : Number.NaN;
    const { minimum: min, maximum: max, exclusiveMinimum: above } = schema;
    if (schema.type === 'integer') {
      return Number.isInteger(n) && n >= (min ?? -Infinity) && n <= (max ?? Infinity) ? [] : [`${name} must be a whole number in ${min}..${max}`];
    }
    if (above !== undefined) return n > above && n <= (max ?? Infinity) ? [] : [`${name} must be in (${above}, ${max}]`];
    return n >= (min ?? -Infinity) && n <= (max ?? Infinity) ? [] : [`${name} must be in [${min}, ${max}]`];
  }
  if (!Array.isArray(value)) return [`${name} must be a list`];
  const problems: string[] = [];
  const items = schema.items;
  if (schema.maxItems !== undefined && value.length > schema.maxItems) problems.push(`${name}: at most ${schema.maxItems} entries`);
  if (items?.enum) {
    for (const v of value) if (!items.enum.includes(v as string)) problems.push(`${name}: unknown value "${String(v)}" (known: ${items.enum.join(', ')})`);
  } else if (value.some((p) => typeof p !== 'string' || p === '' || p.length > (items?.maxLength ?? Infinity) || p.includes('\0'))) {
    problems.push(`${name}: each entry a path of 1..${items?.maxLength} characters`);
  }
  if (schema.uniqueItems && new Set(value).size !== value.length) problems.push(`${name} must not repeat`);
  return problems;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
