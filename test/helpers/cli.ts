// Runs the `flywheel` command line as a child process: with stderr a pipe (what cron and CI see), or under a
// pseudo-terminal made by util-linux `script` (what a person sees), to test what each of them gets.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

export const root = path.resolve(import.meta.dirname, '../..');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a child: this one's, without the settings the tests choose themselves. Its sandbox runs
 * under runc: these tests are about what a command prints, and the runtimes have suites of their own.
 */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '', LLM_BASE_URL: '', SANDBOX_RUNTIME: 'runc', ...env };
  for (const name of ['LOG_FORMAT', 'LOG_LEVEL', 'NO_COLOR']) if (!(name in env)) delete out[name];
  return out;
}

export function flywheel(args: string[], env: Record<string, string> = {}, options: { cwd?: string } = {}): Promise<Ran> {
  const cwd = options.cwd ?? root;
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(cwd, 'bin/flywheel.js'), ...args], {
      cwd, env: childEnv(env), encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024,
    }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }));
  });
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs the command on a terminal `columns` wide; `screen` is everything the terminal showed (stdout and stderr). */
export function flywheelOnTerminal(
  args: string[],
  env: Record<string, string> = {},
  options: { cwd?: string; columns?: number } = {},
): Promise<{ code: number | null; screen: string }> {
  const cwd = options.cwd ?? root;
  const command = `stty cols ${options.columns ?? 100} rows 40; exec ${[process.execPath, path.join(cwd, 'bin/flywheel.js'), ...args].map(quote).join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let screen = '';
    child.stdout.on('data', (chunk: Buffer) => { screen += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { screen += chunk.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

/** The lines of terminal output: each rewrite of a status line (`\r`) is a line of its own, escapes removed. */
export function screenLines(text: string): string[] {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  return plain.split(/\r\n|\n|\r/).filter((line) => line.trim() !== '');
}

export function jsonLines(text: string): Record<string, unknown>[] {
  return screenLines(text).flatMap((line) => {
    try {
      const value: unknown = JSON.parse(line);
      return typeof value === 'object' && value !== null ? [value as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

/** Lines that are not JSON: the ones meant for people. */
export function humanLines(text: string): string[] {
  return screenLines(text).filter((line) => {
    try {
      JSON.parse(line);
      return false;
    } catch {
      return true;
    }
  });
}

/** The log file a command named on the terminal. */
export function logFileNamed(screen: string, command: string): string {
  const match = new RegExp(`^flywheel ${command}: full log in (\\S+)$`, 'm').exec(screenLines(screen).join('\n'));
  if (!match?.[1]) throw new Error(`no "full log in" line in:\n${screen}`);
  return path.resolve(root, match[1]);
}

/** A port nothing listens on: taken from the system, then let go. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A fresh temporary directory per call (a data directory, a project copy), all removed after the suite. */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}
