// The sandbox contract other parts of the service code against: jobs in, results out.
import type Docker from 'dockerode';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';

/** The limit that ended a job. */
export type LimitName = 'timeout' | 'memory' | 'output' | 'pids' | 'disk';

export interface JobLimits {
  /** Wall-clock limit of the command, ms (CPU time is capped at the same number of seconds, rounded up, + 1). */
  timeoutMs: number;
  /** Memory of the job's processes, MiB (RLIMIT_AS or RLIMIT_DATA per image, under the container's limit). */
  memoryMb: number;
  /** Bytes kept per stream (and per collected file); more is dropped and marked truncated. */
  outputBytes: number;
  /** Processes and threads of the job at once. */
  pids: number;
  /** Bytes the job may write to its work directory, MiB. */
  diskMb: number;
}

export interface SandboxJob {
  /** sandbox-images folder name (a language's image, from its registry record). */
  image: string;
  /** relative path -> UTF-8 content, written into a fresh work dir */
  files: Record<string, string>;
  /** argv, run in the work dir as an unprivileged user */
  command: string[];
  /** defaults from config */
  limits?: Partial<JobLimits>;
  stdin?: string;
  /** relative paths read back after the run (capped like output) -> result.collected; symlinks leading out of the work dir are not followed */
  collect?: string[];
  /** Give the job a verdict channel on fd 3 (see sandbox-images/runner/channel.py); its records come back in `report`. */
  channel?: boolean;
}

/**
 * What a job's harness reported over its verdict channel: the records that carried the job's nonce and came
 * from its main process, in order. `forged` counts datagrams that did not (a sample writing to fd 3, a child
 * process); `truncated` says the records passed the runner's cap and the rest were dropped.
 */
export interface ChannelReport {
  records: Record<string, unknown>[];
  forged: number;
  truncated: boolean;
}

export interface SandboxResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  collected: Record<string, string>;
  durationMs: number;
  /** which limit ended the job, if any */
  limit: LimitName | null;
  timedOut: boolean;
  /** The verdict channel's records (jobs that asked for one, and jobs a resident service answered); else null. */
  report: ChannelReport | null;
}

/**
 * Who a job is for. Each pool shares its containers between the lanes (see lanes.ts): `api` holds
 * VERIFY_SANDBOX_SHARE of them while both lanes have work, `rounds` (the default: the pipeline, `flywheel verify`)
 * the rest, so neither can starve the other.
 */
export type Lane = 'rounds' | 'api';
export const LANES: readonly Lane[] = ['rounds', 'api'];
/** A record with one fresh value per lane. */
export const perLane = <T>(make: (lane: Lane) => T): Record<Lane, T> => ({ rounds: make('rounds'), api: make('api') });

export interface RunOptions {
  /** Default `rounds`. */
  lane?: Lane;
  /** Aborting it drops the job if it is still queued (rejecting with the signal's reason); a job already handed to a container runs to its end. */
  signal?: AbortSignal;
}

export interface LaneStats {
  /** jobs waiting for a container */
  queued: number;
  /** containers running a batch of this lane now */
  busy: number;
  /** jobs of this lane finished since start */
  jobs: number;
  /** jobs dropped from the queue because their caller aborted */
  cancelled: number;
}

export interface ImageStats {
  /** containers the pool holds now */
  size: number;
  /** containers running a batch now */
  busy: number;
  /** jobs finished since start */
  jobs: number;
  /** containers destroyed and replaced (misbehaviour or recycling) */
  replaced: number;
  lanes: Record<Lane, LaneStats>;
}

export interface Sandbox {
  /** The Docker runtime its containers run under (SANDBOX_RUNTIME resolved when it opened: never `auto`). */
  readonly runtime: string;
  run(job: SandboxJob, options?: RunOptions): Promise<SandboxResult>;
  /** Batches several jobs per exec (config sandboxBatchSize); results in input order. */
  runMany(jobs: SandboxJob[], options?: RunOptions): Promise<SandboxResult[]>;
  stats(): { images: Record<string, ImageStats> };
  /** Removes every container of this sandbox; idempotent. */
  close(): Promise<void>;
}

export interface SandboxOptions {
  config: Config;
  log: Logger;
  /** Defaults to dockerode's own defaults (DOCKER_HOST or the local socket). */
  docker?: Docker;
  /** sandbox-images folder names to start pools for; default: all of them. */
  images?: string[];
  /** Close the pools on SIGINT/SIGTERM (default true); removed again by close(). */
  handleSignals?: boolean;
}
