// The files a round reads (benchmark files, seed files and folders): where they may be, what they may be, how
// many and how big. A round started through the API reads only under BENCHMARK_DIRS / SEED_DIRS, checked on
// the real path (symlinks and `..` resolved); one the operator starts on the command line reads wherever the
// operator points. Either way: regular files only, each up to ROUND_FILE_MAX_MB, at most ROUND_MAX_FILES
// files and directory entries per round, folders listed asynchronously and only as far as that count.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { settings as configSettings, type Config } from '../config.ts';
import { FlywheelError, type ErrorCode } from '../errors.ts';
import { LANGUAGES, languageNames } from '../languages/registry.ts';
import { defaultBankDir } from '../standin/bank.ts';

export type FileCapsConfig = Pick<Config, 'roundFileMaxMb' | 'roundMaxFiles'>;
export type InputDirsConfig = FileCapsConfig & Pick<Config, 'benchmarkDirs' | 'seedDirs'>;

export interface FileCaps {
  maxFileBytes: number;
  maxFiles: number;
}

export interface InputRules extends FileCaps {
  /** Directories benchmark files must be under; null: anywhere. */
  benchmarkDirs: readonly string[] | null;
  /** Directories seed paths must be under; null: anywhere. */
  seedDirs: readonly string[] | null;
}

type Kind = 'benchmark file' | 'seed path';

/**
 * Source files a seed directory contributes, by extension: every language of the registry, and a few more a
 * snippet may be in (a seed only inspires a problem; it is never checked).
 */
export const seedExtensions: Readonly<Record<string, string>> = Object.freeze({
  ...Object.fromEntries(languageNames.map((name) => [LANGUAGES[name].extension, name])),
  '.go': 'go', '.rs': 'rust', '.java': 'java', '.c': 'c', '.cpp': 'cpp',
});

const MIB = 1024 * 1024;
// Kernel views that stat as regular files of size 0 and read without end or with secrets: never read.
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

/** The caps of the config, or of the settings' defaults where there is none (a schedule's bare deps). */
export function fileCaps(config?: FileCapsConfig): FileCaps {
  return {
    maxFileBytes: (config?.roundFileMaxMb ?? configSettings.roundFileMaxMb.default) * MIB,
    maxFiles: config?.roundMaxFiles ?? configSettings.roundMaxFiles.default,
  };
}

/** A round started through the API: under the configured directories (empty: the shipped bank). */
export function apiInputRules(config: InputDirsConfig): InputRules {
  const dirs = (configured: readonly string[]) => (configured.length > 0 ? configured : [defaultBankDir]).map((d) => path.resolve(d));
  return { ...fileCaps(config), benchmarkDirs: dirs(config.benchmarkDirs), seedDirs: dirs(config.seedDirs) };
}

/** A round the operator starts on the command line (or schedules with `serve`'s flags): any path, same caps. */
export function cliInputRules(config: FileCapsConfig): InputRules {
  return { ...fileCaps(config), benchmarkDirs: null, seedDirs: null };
}

function refuse(code: ErrorCode, message: string, shown: string): FlywheelError {
  return new FlywheelError(code, message, { details: { path: shown } });
}

function inside(child: string, dir: string): boolean {
  const rel = path.relative(dir, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function isPseudo(real: string): boolean {
  return PSEUDO_ROOTS.some((root) => inside(real, root));
}

/** Counts files and directory entries against ROUND_MAX_FILES; throws past it naming `shown`. */
export interface FileBudget {
  take(kind: Kind, shown: string): void;
}

export function fileBudget(caps: FileCaps): FileBudget {
  let used = 0;
  return {
    take(kind, shown) {
      used++;
      if (used > caps.maxFiles) {
        throw refuse('FLY_ROUND_FILES_TOO_MANY', `${kind} "${shown}": a round reads at most ROUND_MAX_FILES (${caps.maxFiles}) files and directory entries`, shown);
      }
    },
  };
}

const stat = (p: string) => fs.promises.stat(p);

function unreadable(kind: Kind, shown: string, err: unknown): FlywheelError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return refuse('FLY_BAD_REQUEST', `${kind} "${shown}" does not exist`, shown);
  return refuse('FLY_BAD_REQUEST', `${kind} "${shown}" cannot be read (${code ?? 'error'})`, shown);
}

/** Regular, not in a kernel view, and not over the size cap; `size` of a file already stat'ed or opened. */
function checkFileStat(kind: Kind, shown: string, real: string, st: fs.Stats, caps: FileCaps): void {
  if (isPseudo(real) || !st.isFile()) {
    throw refuse('FLY_ROUND_FILE_NOT_REGULAR', `${kind} "${shown}" is not a regular file (directories where a file is wanted, devices, pipes, sockets and /proc, /sys, /dev are not read)`, shown);
  }
  if (st.size > caps.maxFileBytes) {
    throw refuse('FLY_ROUND_FILE_TOO_LARGE', `${kind} "${shown}" is larger than ROUND_FILE_MAX_MB (${caps.maxFileBytes / MIB} MiB)`, shown);
  }
}

/**
 * The real path of `given` when it is allowed: with `dirs`, a relative path is looked up in each in turn and
 * the result, symlinks resolved, must be under one of them (FLY_ROUND_FILE_FORBIDDEN, before its existence is
 * told); without, relative to the working directory. FLY_BAD_REQUEST when it does not exist.
 */
async function locate(kind: Kind, given: string, dirs: readonly string[] | null, setting: string): Promise<string> {
  if (dirs === null) return fs.promises.realpath(path.resolve(given)).catch((err: unknown) => { throw unreadable(kind, given, err); });
  const realDirs = (await Promise.all(dirs.map((d) => fs.promises.realpath(d).catch(() => null)))).filter((d): d is string => d !== null);
  const forbidden = () => refuse('FLY_ROUND_FILE_FORBIDDEN', `${kind} "${given}" is not under ${setting}: a round started through the API reads only there`, given);
  const candidates = path.isAbsolute(given) ? [path.resolve(given)] : dirs.map((d) => path.resolve(d, given));
  if (!candidates.every((c) => [...dirs, ...realDirs].some((d) => inside(c, d)))) throw forbidden();
  let lastError: unknown;
  for (const candidate of candidates) {
    try {
      const real = await fs.promises.realpath(candidate);
      if (!realDirs.some((d) => inside(real, d))) throw forbidden();
      return real;
    } catch (err) {
      if (err instanceof FlywheelError) throw err;
      lastError = err;
    }
  }
  throw unreadable(kind, given, lastError);
}

/**
 * The source files under a seed directory with an extension of `seedExtensions`, as real paths, in name order.
 * Every entry seen is taken from `budget`, so a huge tree stops the listing early; a symlink is followed only
 * to a file (inside `dirs` when given), never into a directory, so a listing cannot loop.
 */
export async function* listSeedFiles(
  root: string, shown: string, caps: FileCaps, budget: FileBudget, dirs: readonly string[] | null = null,
): AsyncGenerator<{ file: string; language: string }> {
  const realDirs = dirs === null ? null : (await Promise.all(dirs.map((d) => fs.promises.realpath(d).catch(() => null)))).filter((d): d is string => d !== null);
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    const entries: fs.Dirent[] = [];
    const handle = await fs.promises.opendir(dir).catch((err: unknown) => { throw unreadable('seed path', path.join(shown, path.relative(root, dir)), err); });
    try {
      for await (const entry of handle) {
        budget.take('seed path', shown);
        entries.push(entry);
      }
    } finally {
      await handle.close().catch(() => {});
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const shownEntry = path.join(shown, path.relative(root, full));
      if (entry.isDirectory()) {
        if (!isPseudo(full)) subdirs.push(full);
        continue;
      }
      const language = seedExtensions[path.extname(entry.name)];
      if (!language) continue;
      let real = full;
      if (entry.isSymbolicLink()) {
        real = await fs.promises.realpath(full).catch((err: unknown) => { throw unreadable('seed path', shownEntry, err); });
        if (realDirs !== null && !realDirs.some((d) => inside(real, d))) {
          throw refuse('FLY_ROUND_FILE_FORBIDDEN', `seed path "${shownEntry}" leads outside SEED_DIRS: a round started through the API reads only there`, shownEntry);
        }
        if ((await stat(real)).isDirectory()) continue;
      }
      checkFileStat('seed path', shownEntry, real, await stat(real), caps);
      yield { file: real, language };
    }
    // Depth first, in name order.
    pending.push(...subdirs.reverse());
  }
}

/**
 * Checks a round's benchmark files and seed paths against `rules` and returns them as the real paths the
 * round will read (stored with the round, so a resumed round or another worker reads the same files).
 * Throws FLY_ROUND_FILE_FORBIDDEN, _NOT_REGULAR, _TOO_LARGE, FLY_ROUND_FILES_TOO_MANY or FLY_BAD_REQUEST,
 * naming the path as given and the rule.
 */
export async function checkRoundFiles(
  files: { benchmarkFiles: readonly string[]; seedPaths: readonly string[] },
  rules: InputRules,
): Promise<{ benchmarkFiles: string[]; seedPaths: string[] }> {
  const budget = fileBudget(rules);
  const benchmarkFiles: string[] = [];
  for (const given of files.benchmarkFiles) {
    budget.take('benchmark file', given);
    const real = await locate('benchmark file', given, rules.benchmarkDirs, 'BENCHMARK_DIRS');
    checkFileStat('benchmark file', given, real, await stat(real), rules);
    benchmarkFiles.push(real);
  }
  const seedPaths: string[] = [];
  for (const given of files.seedPaths) {
    const real = await locate('seed path', given, rules.seedDirs, 'SEED_DIRS');
    const st = await stat(real);
    if (st.isDirectory() && !isPseudo(real)) {
      for await (const found of listSeedFiles(real, given, rules, budget, rules.seedDirs)) void found;
    } else {
      budget.take('seed path', given);
      checkFileStat('seed path', given, real, st, rules);
    }
    seedPaths.push(real);
  }
  return { benchmarkFiles, seedPaths };
}

/** Opens a file for reading only if it is a regular file within the size cap (a FIFO does not block the open). */
async function openChecked(kind: Kind, file: string, caps: FileCaps): Promise<fs.promises.FileHandle> {
  const handle = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK).catch((err: unknown) => { throw unreadable(kind, file, err); });
  try {
    checkFileStat(kind, file, await fs.promises.realpath(file), await handle.stat(), caps);
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** The lines of a checked file, read as a stream that stops past the size cap (a file that grew is refused). */
export async function* readLines(kind: Kind, file: string, caps: FileCaps): AsyncGenerator<string> {
  const handle = await openChecked(kind, file, caps);
  const stream = handle.createReadStream({ end: caps.maxFileBytes });
  try {
    for await (const line of readline.createInterface({ input: stream, crlfDelay: Infinity })) yield line;
    if (stream.bytesRead > caps.maxFileBytes) {
      throw refuse('FLY_ROUND_FILE_TOO_LARGE', `${kind} "${file}" is larger than ROUND_FILE_MAX_MB (${caps.maxFileBytes / MIB} MiB)`, file);
    }
  } finally {
    stream.destroy();
    await handle.close().catch(() => {});
  }
}

/** The first `bytes` bytes of a checked file as UTF-8. */
export async function readHead(kind: Kind, file: string, bytes: number, caps: FileCaps): Promise<string> {
  const handle = await openChecked(kind, file, caps);
  try {
    const buffer = Buffer.alloc(Math.min(bytes, caps.maxFileBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
