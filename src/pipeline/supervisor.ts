// The workers of the serve process: each round started, resumed or found running gets one worker here, run
// in the background until the round is settled, cancelled or the server stops. Other processes (more
// replicas, `flywheel run --join`) may work on the same rounds: claims in Postgres keep them apart.
import type { Checker } from '../checks/index.ts';
import { describeError, FlywheelError, isFlywheelError } from '../errors.ts';
import { createCheckpointRegistry, type LlmClient } from '../llm/index.ts';
import { llmFor, storesOver, type Services } from '../services.ts';
import { runningRoundIds } from '../store/rounds.ts';
import { roundWorkerDeps, runRound } from './round.ts';
import type { WorkerDeps } from './worker.ts';

/** What the round workers work with: the services and the checks. */
export type RoundWorkerServices = Services & { checker: Checker };

export interface RoundWorkers {
  /** Starts a worker on the round unless this process already has one; true when it started one. */
  ensure(roundId: number): Promise<boolean>;
  isActive(roundId: number): boolean;
  /** Joins every running round this process has no worker on (after a restart, or started elsewhere). */
  joinRunning(): Promise<number[]>;
  /** Stops every worker (problems in flight are left to their leases) and waits for them. */
  close(): Promise<void>;
}

export interface RoundWorkerOptions {
  /** Problems worked on at once per round (default: the model concurrency, 4..64). */
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
}

const RESTART_PAUSE_MS = 500;

export function createRoundWorkers(services: RoundWorkerServices, options: RoundWorkerOptions = {}): RoundWorkers {
  const log = services.log.child({ component: 'round-workers' });
  const concurrency = options.concurrency ?? Math.max(4, Math.min(services.config.llmConcurrency, 64));
  const active = new Map<number, Promise<void>>();
  // One client per checkpoint, so the model concurrency bound holds across the rounds of this process.
  const clients = new Map<number, LlmClient>();
  const stop = new AbortController();
  // The workers' statements go through a pool of their own, so API requests and rounds cannot starve each other
  // (and a round is never refused a connection, as a request of a busy server is).
  const lane = services.db.lane('rounds', services.config.databaseRoundConnections);
  const roundServices = { ...services, ...storesOver(lane), registry: createCheckpointRegistry({ db: lane, log: services.log, policy: services.config }) };

  async function depsFor(roundId: number): Promise<{ deps: WorkerDeps } | undefined> {
    const round = await roundServices.rounds.get(roundId);
    if (!round || round.status !== 'running') return undefined;
    const checkpoint = await roundServices.registry.get(round.checkpoint_id);
    let llm = clients.get(checkpoint.id);
    if (!llm) {
      llm = llmFor(services, checkpoint);
      clients.set(checkpoint.id, llm);
    }
    return { deps: await roundWorkerDeps(roundServices, round, llm) };
  }

  async function work(roundId: number, deps: WorkerDeps): Promise<void> {
    try {
      const { round, stats } = await runRound(deps, roundId, {
        concurrency, signal: stop.signal,
        ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
        ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
      });
      log.info({ round: roundId, status: round.status, samples: stats.samples }, 'round worker stopped');
    } catch (err) {
      if (isFlywheelError(err, 'FLY_ROUND_STATE')) log.info({ round: roundId, reason: describeError(err) }, 'round worker stopped');
      else log.error({ err, round: roundId }, 'round worker failed');
    }
  }

  const workers: RoundWorkers = {
    async ensure(roundId) {
      if (active.has(roundId) || stop.signal.aborted) return false;
      // Held before the first await, so two calls at once start one worker.
      let release = (): void => {};
      active.set(roundId, new Promise<void>((resolve) => (release = resolve)));
      try {
        const found = await depsFor(roundId);
        if (!found) {
          active.delete(roundId);
          release();
          return false;
        }
        const job = work(roundId, found.deps).finally(async () => {
          active.delete(roundId);
          release();
          // Resumed while this worker was on its way out: the round is running again and needs a worker. The
          // pause keeps a worker that fails at once from spinning.
          await new Promise((resolve) => setTimeout(resolve, RESTART_PAUSE_MS));
          if (!stop.signal.aborted && (await roundServices.rounds.get(roundId).catch(() => undefined))?.status === 'running') {
            await workers.ensure(roundId).catch((err: unknown) => log.error({ err, round: roundId }, 'restarting a round worker failed'));
          }
        });
        active.set(roundId, job);
        log.info({ round: roundId, concurrency }, 'round worker started');
        return true;
      } catch (err) {
        active.delete(roundId);
        release();
        throw err;
      }
    },
    isActive: (roundId) => active.has(roundId),
    async joinRunning() {
      const joined: number[] = [];
      for (const id of await runningRoundIds(lane)) {
        if (await workers.ensure(id)) joined.push(id);
      }
      return joined;
    },
    async close() {
      stop.abort(new FlywheelError('FLY_CANCELLED', 'the server is stopping; the round goes on from its journal when one starts again'));
      await Promise.allSettled([...active.values()]);
    },
  };
  return workers;
}
