// One small interface over the two Postgres backends: the embedded PGlite (default, no set-up) and a
// Postgres server through a pg Pool. The same SQL runs on both.

export interface Queryable {
  /** One parameterised statement; returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** A script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly backend: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Rows of one query through a server-side cursor, `batchSize` at a time, so memory stays flat whatever the
   * result size. The cursor lives in its own transaction; breaking out of the loop closes it.
   */
  stream<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], batchSize?: number): AsyncIterable<R>;
  /** Closes the database, every lane's connections with it. */
  close(): Promise<void>;
  /**
   * The same database through a pool of its own of `connections` (made at the first call, the same one
   * after): work that may hold connections long or often (exports, round workers) cannot take them all from
   * the rest. The embedded backend has one connection and returns itself.
   */
  lane(name: string, connections: number): Db;
  /** The server backend's waits for a pooled connection so far, per pool (`main` and each lane). */
  connectionWaits?(): Record<string, ConnectionWaits>;
}

export interface ConnectionWaits {
  count: number;
  sumSeconds: number;
  maxSeconds: number;
  /** [upper bound in seconds, waits at most that long], cumulative as Prometheus histograms are. */
  buckets: [number, number][];
}
