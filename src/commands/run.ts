// `flywheel run`: a new round with the current checkpoint, or `--join ROUND` as one more worker; and
// `flywheel resume ROUND`, which is `run --join` that first takes back the problems of dead local workers.
import os from 'node:os';
import { FlywheelError } from '../errors.ts';
import type { Checkpoint } from '../llm/index.ts';
import { pidAlive } from '../pids.ts';
import { roundWorkerDeps, runRound, startRound } from '../pipeline/round.ts';
import { resolveRoundSettings } from '../pipeline/settings.ts';
import { formatStats } from '../pipeline/stats.ts';
import { llmFor, openRunServices, type RunServices } from '../services.ts';
import type { Queryable } from '../store/db.ts';
import { activeLeases, countProblems, expireLeases } from '../store/problems.ts';
import { createProgress } from '../terminal/progress.ts';
import type { Screen } from '../terminal/screen.ts';
import type { CommandContext } from './context.ts';
import { checkedRoundSettings, concurrencyOf, settingsFromFlags } from './round-flags.ts';

/** Works on the round until it settles or stops, with its progress on the terminal; 0 once it is done. */
export async function workOnRound(services: RunServices, screen: Screen | null, checkpoint: Checkpoint, roundId: number, total: number, concurrency: number): Promise<number> {
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
    return await workOnRound(services, ctx.screen, checkpoint, roundId, await countProblems(services.db, roundId), concurrency);
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
  const held = await activeLeases(db, roundId, `${os.hostname()}:`);
  const dead = held.filter((p) => !pidAlive(Number(p.lease_owner.split(':')[1]))).map((p) => p.id);
  if (dead.length === 0) return 0;
  await expireLeases(db, dead);
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
