// A round: one pass of the flywheel with one checkpoint. `startRound` creates it and all its problem
// requests; `runRound` works on it until every problem is settled (also used to resume and to join).
import crypto from 'node:crypto';
import type { LlmClient, Prompts } from '../llm/index.ts';
import type { Queryable } from '../store/db.ts';
import type { RoundRow, RoundStore } from '../store/rounds.ts';
import { FlywheelError } from '../errors.ts';
import { fileCaps, type FileCapsConfig } from './inputs.ts';
import { drawSeeds, loadBenchmarks } from './seeds.ts';
import { resolveRoundSettings, storedRoundSettings, type RoundSettings } from './settings.ts';
import { roundStats, type RoundStats } from './stats.ts';
import { runWorker, type WorkerDeps, type WorkerOptions } from './worker.ts';

export async function startRound(
  deps: { db: Queryable; rounds: RoundStore; prompts: Pick<Prompts, 'topics' | 'difficulties'>; config?: FileCapsConfig },
  input: { checkpointId: number; settings?: Partial<RoundSettings> },
): Promise<RoundRow> {
  // Without a seed of its own each round draws its own, so rounds (nights) differ; it is stored, so any round
  // can be drawn again.
  const settings = resolveRoundSettings({ ...input.settings, seed: input.settings?.seed ?? crypto.randomInt(2 ** 31) });
  const seeds = await drawSeeds(deps.db, deps.prompts, settings, fileCaps(deps.config));
  return deps.rounds.create({ checkpointId: input.checkpointId, settings: { ...settings }, seeds });
}

/** What a worker on `round` needs: the services, a model client, and the benchmark index the round names. */
export async function roundWorkerDeps(services: Omit<WorkerDeps, 'llm' | 'benchmarks'>, round: RoundRow, llm: LlmClient): Promise<WorkerDeps> {
  const settings = storedRoundSettings(round);
  return { ...services, llm, benchmarks: await loadBenchmarks(settings.benchmarkFiles, settings.ngram, fileCaps(services.config)) };
}

/**
 * Works on a round until no problem is left open, then marks it done with its stats (whichever worker
 * finishes last does). Returns the round's stats as they stand when this worker stops.
 */
export async function runRound(deps: WorkerDeps, roundId: number, options: WorkerOptions): Promise<{ round: RoundRow; stats: RoundStats }> {
  const round = await deps.rounds.get(roundId);
  if (!round) throw new FlywheelError('FLY_ROUND_UNKNOWN', `no round ${roundId}`);
  if (round.status === 'cancelled' || round.status === 'failed') {
    throw new FlywheelError('FLY_ROUND_STATE', `round ${roundId} is ${round.status}`);
  }
  if (round.status === 'running') {
    await runWorker(deps, round, options);
    await deps.rounds.finishIfComplete(roundId, async () => ({ ...(await roundStats(deps.db, roundId)) }));
  }
  const after = (await deps.rounds.get(roundId)) ?? round;
  return { round: after, stats: await roundStats(deps.db, roundId) };
}
