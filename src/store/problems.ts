// Statements on problems outside the round store's lifecycle: the screening of a generated problem (its lock,
// its duplicate lookups, the minhash index of kept problems), counts, and leases taken back from dead workers.
import type { Queryable } from './db.ts';

// One screening at a time across all workers, so two near-duplicates generated at once cannot both pass.
const SCREEN_LOCK = 7_146_032_812;

/** Inside the caller's transaction: waits for, then holds, the screening lock until it ends. */
export async function lockScreening(tx: Queryable): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [SCREEN_LOCK]);
}

/** The generated problem's text on its row, now screened. */
export async function saveScreened(
  tx: Queryable, id: number, problem: { title: string; statement: string; signature: string }, statementHash: string,
): Promise<void> {
  await tx.query(
    `update problems set title = $2, statement = $3, signature = $4, body = $5::jsonb, statement_hash = $6, stage = 'screened', updated_at = now()
     where id = $1`,
    [id, problem.title, problem.statement, problem.signature, JSON.stringify(problem), statementHash],
  );
}

/** Indexes a kept problem under its LSH buckets (one per band, in band order). */
export async function indexProblem(tx: Queryable, id: number, buckets: readonly number[]): Promise<void> {
  await tx.query(
    `insert into problem_lsh (band, bucket, problem_id)
     select b.band, b.bucket, $3 from unnest($1::int2[], $2::int8[]) as b(band, bucket)
     on conflict do nothing`,
    [buckets.map((_, i) => i), buckets, id],
  );
}

/** The oldest other problem, not dropped, with the same statement hash. */
export async function sameStatement(tx: Queryable, statementHash: string, selfId: number): Promise<number | undefined> {
  const [row] = await tx.query<{ id: number }>(
    `select id from problems where statement_hash = $1 and id <> $2 and status <> 'dropped' order by id limit 1`,
    [statementHash, selfId],
  );
  return row?.id;
}

/** Other problems that share at least one LSH bucket (band by band) with `buckets`, oldest first. */
export async function sharingBuckets(tx: Queryable, buckets: readonly number[], selfId: number): Promise<{ id: number; statement: string }[]> {
  return tx.query<{ id: number; statement: string }>(
    `select p.id, p.statement from problems p
     where p.id in (
       select l.problem_id from problem_lsh l
       join unnest($1::int2[], $2::int8[]) as b(band, bucket) on l.band = b.band and l.bucket = b.bucket
     ) and p.id <> $3
     order by p.id`,
    [buckets.map((_, i) => i), buckets, selfId],
  );
}

/** Problems of one round, or of every round. */
export async function countProblems(db: Queryable, roundId?: number): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*)::int8 as n from problems where ($1::int8 is null or round_id = $1)', [roundId ?? null]);
  return row?.n ?? 0;
}

/** Problems of the round leased by an owner whose name starts with `ownerPrefix`: id and owner. */
export async function activeLeases(db: Queryable, roundId: number, ownerPrefix: string): Promise<{ id: number; lease_owner: string }[]> {
  return db.query(
    `select id, lease_owner from problems where round_id = $1 and status = 'active' and lease_owner like $2`,
    [roundId, `${ownerPrefix.replace(/[\\%_]/g, '\\$&')}%`],
  );
}

/** Makes the leases of these problems (still active) run out now, so any worker may claim them. */
export async function expireLeases(db: Queryable, ids: readonly number[]): Promise<void> {
  await db.query(`update problems set lease_until = now() - interval '1 second' where id = any($1::int8[]) and status = 'active'`, [ids]);
}
