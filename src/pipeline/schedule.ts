// The nightly schedule: `serve` with FLYWHEEL_CRON starts a round with the current checkpoint on each tick.
// Every replica runs the schedule; a Postgres advisory lock taken in the transaction that looks for an open
// round and creates the new one makes exactly one of them start it. The others (and any tick while a round
// is still open) skip, and say so in the log.
import { Cron } from 'croner';
import { FlywheelError } from '../errors.ts';
import type { Prompts } from '../llm/index.ts';
import type { Logger } from '../log.ts';
import type { Db, Queryable } from '../store/db.ts';
import { currentCheckpoint } from '../store/checkpoints.ts';
import { openRound, tryScheduleLock } from '../store/rounds.ts';
import { createRoundStore, type RoundRow } from '../store/rounds.ts';
import type { FileCapsConfig } from './inputs.ts';
import { startRound } from './round.ts';
import type { RoundSettings } from './settings.ts';

export interface ScheduleDeps {
  db: Db;
  prompts: Pick<Prompts, 'topics' | 'difficulties'>;
  log: Logger;
  /** The caps on the files a round reads; default the settings' defaults. */
  config?: FileCapsConfig;
}

export type TickResult =
  | { started: RoundRow }
  | { skipped: 'locked' }
  | { skipped: 'round-open'; roundId: number }
  | { skipped: 'no-checkpoint' };

/** The store functions over one open transaction: what they run joins it instead of opening another. */
function inTransaction(tx: Queryable): Queryable & { transaction: <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T> } {
  return { query: (sql, params) => tx.query(sql, params), exec: (sql) => tx.exec(sql), transaction: (fn) => fn(tx) };
}

/**
 * One tick: starts a round with the current checkpoint unless another replica is deciding right now, a round
 * is still pending or running, or no checkpoint is current. Like every new round, a scheduled one draws its
 * own seed (stored in its settings), so nights differ.
 */
export async function startScheduledRound(deps: ScheduleDeps, settings: Partial<RoundSettings> = {}): Promise<TickResult> {
  return deps.db.transaction(async (tx): Promise<TickResult> => {
    if (!(await tryScheduleLock(tx))) return { skipped: 'locked' };
    const open = await openRound(tx);
    if (open) return { skipped: 'round-open', roundId: open.id };
    const checkpointId = (await currentCheckpoint(tx))?.id;
    if (checkpointId === undefined) return { skipped: 'no-checkpoint' };
    const scoped = inTransaction(tx);
    const round = await startRound({ db: scoped, rounds: createRoundStore(scoped), prompts: deps.prompts, ...(deps.config ? { config: deps.config } : {}) }, { checkpointId, settings });
    return { started: round };
  });
}

/** Throws FLY_CONFIG_INVALID naming the setting when the expression or the time zone is not usable. */
export function checkSchedule(expression: string, timezone: string): Date | null {
  try {
    const probe = new Cron(expression, { timezone, paused: true });
    const next = probe.nextRun();
    probe.stop();
    return next;
  } catch (cause) {
    throw new FlywheelError('FLY_CONFIG_INVALID', `FLYWHEEL_CRON "${expression}" with FLYWHEEL_CRON_TZ "${timezone}": ${(cause as Error).message}`, { cause });
  }
}

export interface Schedule {
  nextRun(): Date | null;
  stop(): void;
}

export function startSchedule(options: {
  deps: ScheduleDeps;
  expression: string;
  timezone: string;
  settings?: Partial<RoundSettings>;
  /** Called with each round this replica started (serve hands it to its workers). */
  onStarted?: (round: RoundRow) => void | Promise<void>;
}): Schedule {
  checkSchedule(options.expression, options.timezone);
  const log = options.deps.log.child({ component: 'cron' });
  const job = new Cron(
    options.expression,
    {
      timezone: options.timezone,
      // A tick still deciding when the next one comes (a slow database) makes that one skip.
      protect: () => log.warn('previous tick still running: tick skipped'),
      catch: (err) => log.error({ err }, 'scheduled round failed to start'),
    },
    async () => {
      const result = await startScheduledRound(options.deps, options.settings);
      if ('started' in result) {
        log.info({ round: result.started.id, checkpoint: result.started.checkpoint_id }, 'scheduled round started');
        await options.onStarted?.(result.started);
      } else if (result.skipped === 'round-open') {
        log.info({ round: result.roundId }, 'tick skipped: a round is still open');
      } else if (result.skipped === 'locked') {
        log.info('tick skipped: another replica is starting the round');
      } else {
        log.warn('tick skipped: no current checkpoint (register one with POST /v1/checkpoints and makeCurrent)');
      }
    },
  );
  log.info({ expression: options.expression, timezone: options.timezone, next: job.nextRun()?.toISOString() ?? null }, 'schedule started');
  return { nextRun: () => job.nextRun(), stop: () => job.stop() };
}
