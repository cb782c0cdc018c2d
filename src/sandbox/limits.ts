// Per-job limits: defaults from config, checked and clamped to what the container itself allows, so a job
// can ask for less than the container but never for more.
import type { Config } from '../config.ts';
import { FlywheelError } from '../errors.ts';
import type { JobLimits, SandboxJob } from './types.ts';

/** Processes kept free for the runner, its clean-up helper and the container's init. */
const PIDS_RESERVE = 16;
/** Memory kept free for the runner and the tmpfs bookkeeping, MiB. */
const MEMORY_RESERVE_MB = 64;
/** Most input files of one job; a guard against absurd jobs, not a security limit. */
const MAX_FILES = 1000;

export function defaultLimits(config: Config): JobLimits {
  return {
    timeoutMs: config.sandboxTimeoutMs,
    memoryMb: Math.max(16, config.sandboxMemoryMb - MEMORY_RESERVE_MB),
    outputBytes: config.sandboxOutputBytes,
    pids: Math.max(4, config.sandboxPids - PIDS_RESERVE),
    diskMb: Math.max(1, config.sandboxTmpfsMb - 8),
  };
}

function ceilings(config: Config): JobLimits {
  return {
    timeoutMs: 24 * 3600 * 1000,
    memoryMb: config.sandboxMemoryMb,
    outputBytes: 64 * 1024 * 1024,
    pids: Math.max(4, config.sandboxPids - PIDS_RESERVE),
    diskMb: config.sandboxTmpfsMb,
  };
}

export function resolveLimits(config: Config, asked: Partial<JobLimits> = {}): JobLimits {
  const defaults = defaultLimits(config);
  const max = ceilings(config);
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof JobLimits)[]) {
    const value = asked[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new FlywheelError('FLY_BAD_REQUEST', `sandbox limit ${key} must be a positive whole number, got ${String(value)}`);
    }
    out[key] = Math.min(value, max[key]);
  }
  return out;
}

/** A relative path that stays inside the work directory: no absolute paths, no `..`, no empty parts. */
export function isSafeRelativePath(path: string): boolean {
  if (path === '' || path.includes('\0') || path.startsWith('/')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Rejects jobs the runner must never see; throws FLY_BAD_REQUEST naming the problem. */
export function checkJob(job: SandboxJob): void {
  const bad = (why: string): never => {
    throw new FlywheelError('FLY_BAD_REQUEST', `sandbox job rejected: ${why}`);
  };
  if (!Array.isArray(job.command) || job.command.length === 0 || job.command.some((a) => typeof a !== 'string' || a.includes('\0'))) {
    bad('command must be a non-empty list of strings without NUL');
  }
  const paths = Object.keys(job.files);
  if (paths.length > MAX_FILES) bad(`more than ${MAX_FILES} files`);
  for (const path of paths) {
    if (!isSafeRelativePath(path)) bad(`file path ${JSON.stringify(path)} leaves the work directory`);
    if (typeof job.files[path] !== 'string') bad(`file ${JSON.stringify(path)} is not a string`);
  }
  for (const path of job.collect ?? []) {
    if (!isSafeRelativePath(path)) bad(`collect path ${JSON.stringify(path)} leaves the work directory`);
  }
  if (job.stdin !== undefined && typeof job.stdin !== 'string') bad('stdin must be a string');
}
