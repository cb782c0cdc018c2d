// The host's side of the in-container runner: one `docker exec` per container, kept open. Each batch goes in as
// one JSON line on the runner's stdin; a result line comes back as each job ends. An exec plus the runner's
// interpreter start-up costs more than a small job, so it is paid once per container, not once per batch.
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { FlywheelError } from '../errors.ts';
import { RUNNER_CMD } from './container.ts';
import type { JobLimits, SandboxResult } from './types.ts';

export interface RunnerJob {
  files: Record<string, string>;
  command: string[];
  stdin?: string;
  collect: string[];
  channel?: boolean;
  limits: JobLimits;
}

export interface RunnerResult extends SandboxResult {
  /** false when the runner could not prove the job left nothing behind; it then exits and the container goes */
  healthy: boolean;
}

/** `index` is the job's position in the batch it came in. */
export type RunnerEvent =
  | ({ event: 'result'; index: number } & RunnerResult)
  | { event: 'error'; index: number; message: string };

export interface Session {
  /** Hands the runner one batch; it must have answered the previous one first. */
  send(jobs: RunnerJob[]): void;
  /** Settles when the runner's output ends: it exited, the container died, or abort() was called. */
  done: Promise<void>;
  ended(): boolean;
  /** Cuts the connection; the caller then removes the container, which is what stops the runner. */
  abort(): void;
  /** The runner's own stderr (its faults, never a job's output), last 8 KiB. */
  stderr(): string;
  /** Exit code of the runner once it ended; null if the engine does not know. */
  exitCode(): Promise<number | null>;
  /**
   * Whether the container's memory limit killed it: under gVisor the host's OOM killer takes the whole sandbox,
   * and the runner's exec then reports 128, not runc's 137. A container still running is given up to OOM_MARK_MS
   * to be marked.
   */
  oomKilled(): Promise<boolean>;
}

const STDERR_KEEP = 8192;

/** How long the runner may take to start (exec, interpreter, imports) before the session counts as failed. */
const READY_TIMEOUT_MS = 30000;
/** How long a container whose runner ended may take to be marked as stopped by its memory limit. */
const OOM_MARK_MS = 2000;

/** Starts the runner in `container` and resolves once it is ready for a batch. */
export async function openSession(docker: Docker, container: Docker.Container, onEvent: (e: RunnerEvent) => void): Promise<Session> {
  const exec = await container.exec({ Cmd: RUNNER_CMD, AttachStdin: true, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: true });
  // Under gVisor a container its memory limit killed can leave the exec's stream open: the container's end
  // ends the session too, so the job is blamed at once rather than at its deadline.
  void container.wait().then(() => stream.destroy(), () => stream.destroy());
  const out = new PassThrough();
  const err = new PassThrough();
  let errText = '';
  let over = false;
  err.on('data', (chunk: Buffer) => {
    errText = (errText + chunk.toString()).slice(-STDERR_KEEP);
  });
  docker.modem.demuxStream(stream, out, err);
  const lines = createInterface({ input: out, crlfDelay: Infinity });
  const done = new Promise<void>((resolve) => {
    lines.on('close', () => {
      over = true;
      resolve();
    });
    const finish = (): void => {
      out.end();
      err.end();
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', finish);
  });
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  lines.on('line', (line) => {
    let event: RunnerEvent | { event: 'ready' };
    try {
      event = JSON.parse(line) as RunnerEvent | { event: 'ready' };
    } catch {
      errText = (errText + `unparsable runner output: ${line.slice(0, 200)}\n`).slice(-STDERR_KEEP);
      return;
    }
    if (event.event === 'ready') markReady();
    else onEvent(event);
  });
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    done.then(() => 'ended' as const),
    new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), READY_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    stream.destroy();
    throw new FlywheelError('FLY_SANDBOX_FAILED', `the sandbox runner ${outcome === 'late' ? 'did not start in time' : 'exited at start'}: ${errText.trim()}`);
  }
  return {
    send: (jobs) => {
      stream.write(`${JSON.stringify({ jobs })}\n`);
    },
    done,
    ended: () => over,
    abort: () => stream.destroy(),
    stderr: () => errText,
    exitCode: async () => {
      try {
        const info = await exec.inspect();
        return info.Running ? null : info.ExitCode;
      } catch {
        return null;
      }
    },
    oomKilled: async () => {
      const deadline = Date.now() + OOM_MARK_MS;
      for (;;) {
        const state = await container.inspect().then((info) => info.State, () => null);
        if (state === null) return false;
        if (state.OOMKilled) return true;
        if (!state.Running || Date.now() >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
