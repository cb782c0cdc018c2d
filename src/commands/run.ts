// The round commands: `demo` (everything offline: stand-in model, embedded Postgres, local Docker),
// `run` (a new round with the current checkpoint, or `--join ROUND` as one more worker) and `resume ROUND`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FlywheelError } from '../errors.ts';
import { pidAlive } from '../pids.ts';
import { writeExport } from '../export/index.ts';
import { defaultBankDir, startStandin, STANDIN_MODEL } from '../standin/index.ts';
import { llmFor, openRunServices, type RunServices } from '../services.ts';
import type { Queryable } from '../store/db.ts';
import type { Checkpoint } from '../llm/index.ts';
import { checkRoundFiles, cliInputRules } from '../pipeline/inputs.ts';
import { roundWorkerDeps, runRound, startRound } from '../pipeline/round.ts';
import { resolveRoundSettings, targetLanguages, type RoundSettings, type TargetLanguage } from '../pipeline/settings.ts';
import { formatStats } from '../pipeline/stats.ts';
import { createProgress } from '../terminal/progress.ts';
import type { Screen } from '../terminal/screen.ts';
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

async function work(services: RunServices, screen: Screen | null, checkpoint: Checkpoint, roundId: number, total: number, concurrency: number): Promise<number> {
  const round = await services.rounds.get(roundId);
  if (!round) throw new FlywheelError('FLY_ROUND_UNKNOWN', `no round ${roundId}`);
  const deps = await roundWorkerDeps(services, round, llmFor(services, checkpoint));
  const progress = createProgress(total, screen);
  let ran;
  try {
    ran = await runRound(deps, roundId, { concurrency, onItem: progress.item, onStage: progress.stage, onAccepted: progress.accepted });
  } finally {
    progress.done();
  }
  const { round: after, stats } = ran;
  console.log(formatStats(roundId, stats));
  console.log(`round ${roundId}: ${after.status}`);
  return after.status === 'done' ? 0 : 1;
}

// Problems worked on at once by one process; model requests are bounded apart by LLM_CONCURRENCY.
const MAX_CONCURRENCY = 1024;

function concurrencyOf(ctx: CommandContext): number {
  const raw = ctx.values.concurrency;
  if (raw === undefined) return Math.max(4, Math.min(ctx.config.llmConcurrency, 64));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) throw new FlywheelError('FLY_USAGE', `--concurrency: expected a whole number in 1..${MAX_CONCURRENCY}, got "${String(raw)}"`);
  return n;
}

export async function runDemo(ctx: CommandContext): Promise<number> {
  const { config, log } = ctx;
  fs.mkdirSync(config.dataDir, { recursive: true });
  console.error('demo: building the sandbox images if missing, opening the embedded database ...');
  const services = await openRunServices(config, log, { buildMissingImages: true });
  let standin: Awaited<ReturnType<typeof startStandin>> | undefined;
  try {
    // Each demo round continues the bank where the last one stopped, as a new checkpoint would write new problems.
    const [asked] = await services.db.query<{ n: number }>('select count(*)::int8 as n from problems');
    standin = await startStandin({ port: 0, firstProblem: asked?.n ?? 0, log });
    console.error(`demo: stand-in model (not a model: answers from a fixed bank) at ${standin.url}`);
    const checkpoint = await services.registry.register({ name: `standin-${Date.now()}`, baseUrl: standin.url, model: STANDIN_MODEL, makeCurrent: true });
    // The bank ships benchmark-style prompts one of its problems copies from, so the demo shows that drop too.
    const settings = resolveRoundSettings(await checkedRoundSettings(config, {
      benchmarkFiles: [path.join(defaultBankDir, 'benchmark-sample.jsonl')],
      ...settingsFromFlags(ctx.values),
      languages: [...targetLanguages],
    }));
    const round = await startRound(services, { checkpointId: checkpoint.id, settings });
    console.error(`demo: round ${round.id} with checkpoint ${checkpoint.name}: ${settings.size} problems, translated into ${settings.languages.join(', ')}`);
    const code = await work(services, ctx.screen, checkpoint, round.id, settings.size, concurrencyOf(ctx));
    const out = path.resolve(config.dataDir, `round-${round.id}.chat.jsonl`);
    const manifest = await writeExport({ db: services.db, format: 'chat', filters: { round: round.id }, out });
    console.log(`export: ${manifest.counts.lines} samples of round ${round.id} as chat JSONL in ${out} (manifest beside it)`);
    return code;
  } finally {
    await standin?.close();
    await services.close();
  }
}

export async function runRunCommand(ctx: CommandContext, options: { takeBackDeadLeases?: boolean } = {}): Promise<number> {
  const join = ctx.values.join;
  // A wrong flag or file is told before the sandboxes start.
  const flags = settingsFromFlags(ctx.values);
  resolveRoundSettings(flags);
  const settings = typeof join === 'string' ? flags : await checkedRoundSettings(ctx.config, flags);
  const concurrency = concurrencyOf(ctx);
  const services = await openRunServices(ctx.config, ctx.log);
  try {
    let roundId: number;
    let checkpoint: Checkpoint;
    if (typeof join === 'string') {
      roundId = Number(join);
      if (!Number.isSafeInteger(roundId) || roundId < 1) throw new FlywheelError('FLY_USAGE', `--join: expected a round id, got "${join}"`);
      const round = await services.rounds.get(roundId);
      if (!round) throw new FlywheelError('FLY_ROUND_UNKNOWN', `no round ${join}`);
      checkpoint = await services.registry.get(round.checkpoint_id);
      if (options.takeBackDeadLeases) {
        const freed = await releaseDeadLocalLeases(services.db, roundId);
        if (freed > 0) console.error(`round ${roundId}: took back ${freed} problems held by workers of this machine that are gone`);
      }
    } else {
      checkpoint = (await services.registry.current()) ?? (await registerFromConfig(services));
      const round = await startRound(services, { checkpointId: checkpoint.id, settings });
      roundId = round.id;
      console.error(`round ${round.id} started with checkpoint ${checkpoint.name}`);
    }
    const [total] = await services.db.query<{ n: number }>('select count(*)::int8 as n from problems where round_id = $1', [roundId]);
    return await work(services, ctx.screen, checkpoint, roundId, total?.n ?? 0, concurrency);
  } finally {
    await services.close();
  }
}

export async function runResume(ctx: CommandContext): Promise<number> {
  const id = Number(ctx.positionals[0]);
  if (!Number.isInteger(id) || id < 1) throw new FlywheelError('FLY_USAGE', 'usage: flywheel resume ROUND');
  return runRunCommand({ ...ctx, values: { ...ctx.values, join: String(id) } }, { takeBackDeadLeases: true });
}

/**
 * Problems leased by a process of this machine that no longer runs (killed, crashed) are claimable at once
 * instead of when their lease runs out. Leases of other machines are left to expire: we cannot see those.
 */
async function releaseDeadLocalLeases(db: Queryable, roundId: number): Promise<number> {
  const held = await db.query<{ id: number; lease_owner: string }>(
    `select id, lease_owner from problems where round_id = $1 and status = 'active' and lease_owner like $2`,
    [roundId, `${os.hostname()}:%`],
  );
  const dead = held.filter((p) => !pidAlive(Number(p.lease_owner.split(':')[1]))).map((p) => p.id);
  if (dead.length === 0) return 0;
  await db.query(`update problems set lease_until = now() - interval '1 second' where id = any($1::int8[]) and status = 'active'`, [dead]);
  return dead.length;
}

/** With no checkpoint registered yet, LLM_BASE_URL + LLM_MODEL name the first one. */
async function registerFromConfig(services: RunServices): Promise<Checkpoint> {
  const { llmBaseUrl, llmModel } = services.config;
  if (llmBaseUrl === '' || llmModel === '') {
    throw new FlywheelError('FLY_CHECKPOINT_UNKNOWN', 'no current checkpoint: register one (API) or set LLM_BASE_URL and LLM_MODEL');
  }
  return services.registry.register({
    name: llmModel, baseUrl: llmBaseUrl, model: llmModel, makeCurrent: true,
    ...(services.config.llmApiKey !== '' ? { apiKeyEnv: 'LLM_API_KEY' } : {}),
  });
}
