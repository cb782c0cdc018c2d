// A worker: claims problems of a round (FOR UPDATE SKIP LOCKED, with a lease it keeps renewing) and works
// on up to `concurrency` of them at once. Model calls and sandbox jobs are bounded separately by the model
// client and the sandbox pool, so while some problems wait for the model others keep the containers busy.
// Any number of workers, in this process or on other machines sharing the Postgres server, can join a round.
import os from 'node:os';
import { describeError, FlywheelError } from '../errors.ts';
import type { ProblemRow, RoundRow } from '../store/rounds.ts';
import type { PipelineContext, ProblemStage } from './context.ts';
import { processProblem, type ItemResult } from './item.ts';
import { storedRoundSettings } from './settings.ts';

export type WorkerDeps = Omit<PipelineContext, 'signal' | 'round' | 'events'>;

export interface WorkerOptions {
  owner?: string;
  /** Problems worked on at once by this worker. */
  concurrency: number;
  /** How long a claim holds without renewal; a dead worker's problems are claimable again after it. */
  leaseMs?: number;
  /** How often to look again when nothing is claimable but other workers still hold problems. */
  pollMs?: number;
  /** Claims of one problem before it is given up (our failures: sandbox down, crashes). */
  maxTries?: number;
  signal?: AbortSignal;
  onItem?: (problem: ProblemRow, result: ItemResult | { status: 'retry'; reason: string }) => void;
  /** What a problem is doing now (each step it starts). */
  onStage?: (problem: ProblemRow, stage: ProblemStage) => void;
  /** A sample of the problem accepted and stored. */
  onAccepted?: (problem: ProblemRow, language: string) => void;
}

export function workerName(): string {
  return `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

export async function runWorker(deps: WorkerDeps, round: RoundRow, options: WorkerOptions): Promise<{ processed: number }> {
  const owner = options.owner ?? workerName();
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 1000;
  const maxTries = options.maxTries ?? 5;
  const settings = storedRoundSettings(round);
  const log = deps.log.child({ round: round.id, worker: owner });
  const inFlight = new Set<Promise<void>>();
  let processed = 0;

  const work = async (problem: ProblemRow) => {
    const lease = new AbortController();
    const stop = () => lease.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', stop);
    const renew = setInterval(() => {
      deps.rounds.renew(problem.id, owner, leaseMs).then(
        (held) => held || lease.abort(new FlywheelError('FLY_CANCELLED', `problem ${problem.id}: its lease was lost (another worker holds it now)`)),
        (err: unknown) => log.warn({ err, problem: problem.id }, 'lease renewal failed'),
      );
    }, Math.max(50, Math.floor(leaseMs / 3)));
    try {
      if (problem.tries > maxTries) {
        await deps.rounds.finish(problem.id, 'failed', `given up after ${maxTries} tries`);
        options.onItem?.(problem, { status: 'failed', reason: `given up after ${maxTries} tries`, fresh: { llm: 0, checks: 0, replayed: 0 } });
        return;
      }
      const ctx: PipelineContext = {
        ...deps, round: { id: round.id, checkpointId: round.checkpoint_id, settings }, signal: lease.signal,
        events: { stage: (stage) => options.onStage?.(problem, stage), accepted: (language) => options.onAccepted?.(problem, language) },
      };
      const result = await processProblem(problem, ctx);
      processed++;
      options.onItem?.(problem, result);
    } catch (err) {
      if (lease.signal.aborted) {
        log.info({ problem: problem.id, reason: describeError(lease.signal.reason) }, 'stopped working on a problem');
      } else {
        // Ours, not the sample's (database, sandbox or model server down): hand it back for another try.
        log.warn({ err, problem: problem.id }, 'problem failed; handing it back');
        await deps.rounds.release(problem.id, owner).catch(() => {});
        options.onItem?.(problem, { status: 'retry', reason: describeError(err) });
      }
    } finally {
      clearInterval(renew);
      options.signal?.removeEventListener('abort', stop);
    }
  };

  const stopped = () => options.signal?.aborted === true;
  for (;;) {
    while (!stopped() && inFlight.size < options.concurrency) {
      const problem = await deps.rounds.claim(round.id, owner, leaseMs);
      if (!problem) break;
      const job = work(problem).finally(() => inFlight.delete(job));
      inFlight.add(job);
    }
    if (inFlight.size > 0) {
      await Promise.race(inFlight);
      continue;
    }
    if (stopped()) break;
    const current = await deps.rounds.get(round.id);
    if (!current || current.status !== 'running') break;
    if ((await deps.rounds.openProblems(round.id)) === 0) break;
    // Others hold the rest; one of them may die, and then its problems come back to us when the lease ends.
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return { processed };
}
