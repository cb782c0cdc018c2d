// One batch of jobs = one `docker exec` of the in-container runner: the batch goes in as JSON on stdin, events
// come back as JSON lines on stdout as each job starts and ends. An exec costs tens of milliseconds, more than
// a small job itself, which is why jobs travel in batches.
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { RUNNER_CMD } from './container.ts';
import type { JobLimits, SandboxResult } from './types.ts';

export interface RunnerJob {
  files: Record<string, string>;
  command: string[];
  stdin?: string;
  collect: string[];
  limits: JobLimits;
}

export interface RunnerResult extends SandboxResult {
  /** false when the runner could not prove the job left nothing behind; the container is then replaced */
  healthy: boolean;
}

export type BatchEvent =
  | { event: 'start'; index: number }
  | ({ event: 'result'; index: number } & RunnerResult)
  | { event: 'error'; index: number; message: string };

export interface Batch {
  /** Settles when the exec's output ends (normally, or after abort()). */
  done: Promise<void>;
  /** Cuts the connection; the caller then kills the container, which is what stops the runner. */
  abort(): void;
  /** The runner's own stderr (its faults, never a job's output), last 8 KiB. */
  stderr(): string;
  /** Exit code of the runner, once done; null if the engine does not know. */
  exitCode(): Promise<number | null>;
}

const STDERR_KEEP = 8192;

export async function startBatch(docker: Docker, container: Docker.Container, jobs: RunnerJob[], onEvent: (e: BatchEvent) => void): Promise<Batch> {
  const exec = await container.exec({ Cmd: RUNNER_CMD, AttachStdin: true, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: true });
  const out = new PassThrough();
  const err = new PassThrough();
  let errText = '';
  err.on('data', (chunk: Buffer) => {
    errText = (errText + chunk.toString()).slice(-STDERR_KEEP);
  });
  docker.modem.demuxStream(stream, out, err);
  const lines = createInterface({ input: out, crlfDelay: Infinity });
  const done = new Promise<void>((resolve) => {
    lines.on('close', resolve);
    const finish = (): void => {
      out.end();
      err.end();
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', finish);
  });
  lines.on('line', (line) => {
    let event: BatchEvent;
    try {
      event = JSON.parse(line) as BatchEvent;
    } catch {
      errText = (errText + `unparsable runner output: ${line.slice(0, 200)}\n`).slice(-STDERR_KEEP);
      return;
    }
    onEvent(event);
  });
  // Ending our side closes the runner's stdin: the engine forwards the half-close.
  stream.end(JSON.stringify({ jobs }));
  return {
    done,
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
  };
}
