// Checkpoints: the models rounds run with. At most one is current (a unique partial index holds it).
import type { Db, Queryable } from './db.ts';

export interface CheckpointRow {
  id: number;
  name: string;
  base_url: string;
  model: string;
  api_key_env: string | null;
  is_current: boolean;
  meta: Record<string, unknown>;
  created_at: Date;
}

// Any fixed number shared by every process of the service: it serialises changes of the current checkpoint.
const CURRENT_LOCK = 7_301_001;

export function createCheckpointStore(db: Db) {
  return {
    /** Inserts a checkpoint; undefined when the name is taken. */
    async insert(input: { name: string; baseUrl: string; model: string; apiKeyEnv: string | null; meta: Record<string, unknown> }): Promise<CheckpointRow | undefined> {
      const [row] = await db.query<CheckpointRow>(
        `insert into checkpoints (name, base_url, model, api_key_env, meta) values ($1, $2, $3, $4, $5::jsonb)
         on conflict (name) do nothing returning *`,
        [input.name, input.baseUrl, input.model, input.apiKeyEnv, JSON.stringify(input.meta)],
      );
      return row;
    },

    async get(id: number): Promise<CheckpointRow | undefined> {
      const [row] = await db.query<CheckpointRow>('select * from checkpoints where id = $1', [id]);
      return row;
    },

    async getByName(name: string): Promise<CheckpointRow | undefined> {
      const [row] = await db.query<CheckpointRow>('select * from checkpoints where name = $1', [name]);
      return row;
    },

    current: () => currentCheckpoint(db),

    /** Newest first. */
    async list(limit = 100): Promise<CheckpointRow[]> {
      return db.query<CheckpointRow>('select * from checkpoints order by id desc limit $1', [limit]);
    },

    /**
     * Makes `id` the only current checkpoint, in one transaction. The advisory lock orders concurrent
     * switches: without it two of them could each clear the old current row and then collide on the index.
     * Undefined when there is no such checkpoint (nothing changes then).
     */
    async makeCurrent(id: number): Promise<CheckpointRow | undefined> {
      return db.transaction(async (tx: Queryable) => {
        await tx.query('select pg_advisory_xact_lock($1::bigint)', [CURRENT_LOCK]);
        const [exists] = await tx.query<{ id: number }>('select id from checkpoints where id = $1', [id]);
        if (!exists) return undefined;
        await tx.query('update checkpoints set is_current = false where is_current and id <> $1', [id]);
        const [row] = await tx.query<CheckpointRow>('update checkpoints set is_current = true where id = $1 returning *', [id]);
        return row;
      });
    },
  };
}

export type CheckpointStore = ReturnType<typeof createCheckpointStore>;

/** The current checkpoint, if one is current; in the caller's transaction when `db` is one. */
export async function currentCheckpoint(db: Queryable): Promise<CheckpointRow | undefined> {
  const [row] = await db.query<CheckpointRow>('select * from checkpoints where is_current');
  return row;
}
