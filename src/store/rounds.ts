// Rounds and the problems (units of work) they are made of; the rounds' listing, control (cancel, reopen) and
// the scheduler's lock.
import { FlywheelError } from '../errors.ts';
import { defaultRoundSettings, type RoundSettings } from '../schemas/round-settings.ts';
import type { Queryable } from './db.ts';

/** A rounds row as read: its settings JSON typed, the defaults of settings added since it started filled in. */
function roundOf(row: RoundRow): RoundRow;
function roundOf(row: RoundRow | undefined): RoundRow | undefined;
function roundOf(row: RoundRow | undefined): RoundRow | undefined {
  return row && { ...row, settings: { ...defaultRoundSettings, ...row.settings } };
}

export type RoundStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export interface RoundRow {
  id: number;
  checkpoint_id: number;
  status: RoundStatus;
  /** As the round was started, with the defaults of settings added since. */
  settings: RoundSettings;
  stats: Record<string, unknown>;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface Seed {
  topic: string;
  difficulty: string;
  snippet?: { code: string; language: string; source: string };
}

export interface ProblemRow {
  id: number;
  round_id: number;
  seq: number;
  seed: Seed;
  topic: string;
  difficulty: string;
  stage: string;
  status: 'pending' | 'active' | 'accepted' | 'dropped' | 'failed';
  drop_reason: string | null;
  title: string | null;
  statement: string | null;
  signature: string | null;
  body: Record<string, unknown> | null;
  statement_hash: string | null;
  lease_owner: string | null;
  lease_until: Date | null;
  tries: number;
}

export function createRoundStore(db: Queryable & { transaction: <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T> }) {
  /** Problems of the round still to be worked on (pending, or claimed and not settled). */
  const openProblems = async (id: number): Promise<number> => {
    const [open] = await db.query<{ n: number }>(
      `select count(*)::int8 as n from problems where round_id = $1 and status in ('pending', 'active')`,
      [id],
    );
    return open?.n ?? 0;
  };

  return {
    /** A round and all its problem requests, in one transaction: a round is never half-created. */
    async create(input: { checkpointId: number; settings: RoundSettings; seeds: Seed[] }): Promise<RoundRow> {
      return db.transaction(async (tx) => {
        const [round] = await tx.query<RoundRow>(
          `insert into rounds (checkpoint_id, settings, status, started_at) values ($1, $2::jsonb, 'running', now()) returning *`,
          [input.checkpointId, JSON.stringify(input.settings)],
        );
        if (!round) throw new FlywheelError('FLY_DB_QUERY_FAILED', 'insert into rounds returned no row');
        await tx.query(
          `insert into problems (round_id, seq, seed, topic, difficulty)
           select $1, s.seq, s.seed, s.seed->>'topic', s.seed->>'difficulty'
           from unnest($2::jsonb[]) with ordinality as s(seed, seq)`,
          [round.id, input.seeds.map((s) => JSON.stringify(s))],
        );
        return roundOf(round);
      });
    },

    async get(id: number): Promise<RoundRow | undefined> {
      const [row] = await db.query<RoundRow>('select * from rounds where id = $1', [id]);
      return roundOf(row);
    },

    async list(limit = 50): Promise<RoundRow[]> {
      return (await db.query<RoundRow>('select * from rounds order by id desc limit $1', [limit])).map((r) => roundOf(r));
    },

    async setStatus(id: number, status: RoundStatus, stats?: Record<string, unknown>): Promise<void> {
      await db.query(
        `update rounds set status = $2,
           stats = coalesce($3::jsonb, stats),
           finished_at = case when $2 in ('done', 'failed', 'cancelled') then now() else null end
         where id = $1`,
        [id, status, stats === undefined ? null : JSON.stringify(stats)],
      );
    },

    openProblems,

    /** Marks the round done once no problem is left to work on; true when this call did it. */
    async finishIfComplete(id: number, stats: () => Promise<Record<string, unknown>>): Promise<boolean> {
      if ((await openProblems(id)) > 0) return false;
      const rows = await db.query(
        `update rounds set status = 'done', finished_at = now(), stats = $2::jsonb
         where id = $1 and status = 'running' returning id`,
        [id, JSON.stringify(await stats())],
      );
      return rows.length > 0;
    },

    /**
     * Claims the next problem of a running round: a pending one, or an active one whose lease ran out (its
     * worker died). SKIP LOCKED lets many workers claim at once without waiting on each other; a cancelled
     * round hands out nothing more.
     */
    async claim(roundId: number, owner: string, leaseMs: number): Promise<ProblemRow | undefined> {
      const [row] = await db.query<ProblemRow>(
        `update problems set status = 'active', lease_owner = $2, lease_until = now() + $3::int * interval '1 millisecond',
           tries = tries + 1, updated_at = now()
         where id = (
           select id from problems
           where round_id = $1 and (status = 'pending' or (status = 'active' and lease_until < now()))
             and exists (select 1 from rounds r where r.id = $1 and r.status = 'running')
           order by id
           for update skip locked
           limit 1
         )
         returning *`,
        [roundId, owner, leaseMs],
      );
      return row;
    },

    /** Extends a lease; false when the lease was lost (expired and taken by another worker). */
    async renew(problemId: number, owner: string, leaseMs: number): Promise<boolean> {
      const rows = await db.query(
        `update problems set lease_until = now() + $3::int * interval '1 millisecond'
         where id = $1 and lease_owner = $2 and status = 'active' returning id`,
        [problemId, owner, leaseMs],
      );
      return rows.length > 0;
    },

    /** Hands a problem back for another try (ours failed, not the sample). */
    async release(problemId: number, owner: string): Promise<void> {
      await db.query(
        `update problems set status = 'pending', lease_owner = null, lease_until = null, updated_at = now()
         where id = $1 and lease_owner = $2 and status = 'active'`,
        [problemId, owner],
      );
    },

    async finish(problemId: number, status: 'accepted' | 'dropped' | 'failed', reason: string | null = null): Promise<void> {
      await db.query(
        `update problems set status = $2, drop_reason = $3, stage = 'done', lease_owner = null, lease_until = null, updated_at = now()
         where id = $1`,
        [problemId, status, reason],
      );
    },

    async setStage(problemId: number, stage: string): Promise<void> {
      await db.query('update problems set stage = $2, updated_at = now() where id = $1', [problemId, stage]);
    },

    async stageCounts(roundId: number): Promise<{ stage: string; status: string; n: number }[]> {
      return db.query(
        `select stage, status, count(*)::int8 as n from problems where round_id = $1 group by stage, status order by stage, status`,
        [roundId],
      );
    },
  };
}

export type RoundStore = ReturnType<typeof createRoundStore>;

/** Rounds newest first, before id `before` (a keyset page). */
export async function listRounds(db: Queryable, filters: { status?: RoundStatus; checkpoint?: number }, before: number | null, limit: number): Promise<RoundRow[]> {
  const rows = await db.query<RoundRow>(
    `select * from rounds
     where ($1::text is null or status = $1) and ($2::int8 is null or checkpoint_id = $2) and ($3::int8 is null or id < $3)
     order by id desc limit $4`,
    [filters.status ?? null, filters.checkpoint ?? null, before, limit],
  );
  return rows.map((r) => roundOf(r));
}

/** Cancels a round that is still open; undefined when it is not (done, failed, cancelled or unknown). */
export async function cancelRound(db: Queryable, id: number): Promise<RoundRow | undefined> {
  const [row] = await db.query<RoundRow>(
    `update rounds set status = 'cancelled', finished_at = now()
     where id = $1 and status in ('pending', 'running') returning *`,
    [id],
  );
  return roundOf(row);
}

/** Puts a cancelled or failed round back to running; undefined when it is in neither state. */
export async function reopenRound(db: Queryable, id: number): Promise<RoundRow | undefined> {
  const [row] = await db.query<RoundRow>(
    `update rounds set status = 'running', finished_at = null, started_at = coalesce(started_at, now())
     where id = $1 and status in ('cancelled', 'failed') returning *`,
    [id],
  );
  return roundOf(row);
}

/** Ids of the rounds workers should be working on. */
export async function runningRoundIds(db: Queryable): Promise<number[]> {
  const rows = await db.query<{ id: number }>(`select id from rounds where status = 'running' order by id`);
  return rows.map((r) => r.id);
}

// Any fixed number shared by every replica: whoever holds it decides whether the scheduled round starts.
const SCHEDULE_LOCK = 7_301_002;

/** Inside the caller's transaction: true when this transaction now holds the schedule lock (never waits). */
export async function tryScheduleLock(tx: Queryable): Promise<boolean> {
  const [row] = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1::bigint) as locked', [SCHEDULE_LOCK]);
  return row?.locked === true;
}

/** The oldest round still pending or running, if any. */
export async function openRound(tx: Queryable): Promise<{ id: number; status: RoundStatus } | undefined> {
  const [row] = await tx.query<{ id: number; status: RoundStatus }>(
    `select id, status from rounds where status in ('pending', 'running') order by id limit 1`,
  );
  return row;
}
