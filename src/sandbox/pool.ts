// A warm pool of containers for one image, and the queue of jobs waiting for them. A free container takes the
// next few queued jobs (at most sandboxBatchSize) as one batch and hands it to its runner, the one exec the
// container has open; a container never has two execs or two batches at once. Containers that misbehave are
// destroyed and replaced, and every container is replaced after `sandboxRecycleAfter` jobs. Jobs wait in one
// queue per lane (lanes.ts decides which lane a free container serves); a job whose caller aborts is dropped
// while it waits, and runs to its end once a container has taken it.
import type Docker from 'dockerode';
import { abortGroups } from '../abort-groups.ts';
import type { Config } from '../config.ts';
import { FlywheelError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { removeContainer, startContainer, type ContainerImage } from './container.ts';
import { openSession, type RunnerEvent, type RunnerJob, type Session } from './exec.ts';
import { createLaneQueue, laneShares, type LaneQueue } from './lanes.ts';
import { perLane, type ImageStats, type Lane, type LaneStats, type RunOptions, type SandboxResult } from './types.ts';

/** Time the host grants past a job's own limit before it kills the container: the runner's own kill and
 * clean-up come first and take well under a second, even on a loaded machine. */
const DEADLINE_GRACE_MS = 5000;
/** A job whose container failed under it this many times (without being the job's fault) fails. */
const MAX_ATTEMPTS = 3;
const RETRY_START_MS = [500, 2000, 5000, 15000];

interface Slot {
  container: Docker.Container;
  id: string;
  jobs: number;
  busy: boolean;
  /** The lane of the batch it runs. */
  lane?: Lane | undefined;
  /** The runner exec kept open on this container (see exec.ts). */
  session?: Session;
  /** Where the session's events and its end go: the batch running now. */
  listener?: ((event: RunnerEvent) => void) | undefined;
  onEnd?: (() => void) | undefined;
}

interface Pending {
  job: RunnerJob;
  lane: Lane;
  seq: number;
  resolve: (result: SandboxResult) => void;
  reject: (err: unknown) => void;
  attempts: number;
  settled: boolean;
  signal?: AbortSignal;
}

export interface PoolOptions {
  docker: Docker;
  config: Config;
  log: Logger;
  image: ContainerImage;
  /** The Docker runtime of the containers, resolved (runtime.ts). */
  runtime: string;
}

function timeoutResult(durationMs: number): SandboxResult {
  return {
    exitCode: null, signal: 'SIGKILL', stdout: '', stderr: '', stdoutTruncated: false, stderrTruncated: false,
    collected: {}, durationMs, limit: 'timeout', timedOut: true, report: null,
  };
}

/** The container's memory limit killed what ran the job (the kernel's OOM killer, or gVisor's whole sandbox). */
function memoryResult(durationMs: number): SandboxResult {
  return { ...timeoutResult(durationMs), limit: 'memory', timedOut: false };
}

export class ContainerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: LaneQueue<Pending>;
  private readonly sessions = new Set<Session>();
  private readonly creating = new Set<Promise<void>>();
  private pumpQueued = false;
  private closing: Promise<void> | undefined;
  private startFailures = 0;
  private jobsDone = 0;
  private replacedCount = 0;
  private readonly laneJobs = perLane(() => 0);
  private readonly laneCancelled = perLane(() => 0);
  /** Queued jobs of an aborted caller are dropped; those a container took run to their end. */
  private readonly callers = abortGroups<Pending>((items, reason) => {
    for (const item of items) {
      if (!this.queue.remove(item)) continue;
      this.laneCancelled[item.lane] += 1;
      this.fail(item, reason);
    }
  });

  constructor(private readonly opts: PoolOptions) {
    this.queue = createLaneQueue(laneShares(opts.config), opts.config.sandboxPoolSize);
  }

  private get size(): number {
    return this.opts.config.sandboxPoolSize;
  }

  /** Starts the warm containers; throws FLY_SANDBOX_UNAVAILABLE if they cannot be started. */
  async start(): Promise<void> {
    const started = await Promise.allSettled(Array.from({ length: this.size }, () => this.addContainer()));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      throw new FlywheelError('FLY_SANDBOX_UNAVAILABLE', `cannot start sandbox containers of ${this.opts.image.tag}`, { cause: failed.reason });
    }
  }

  submit(job: RunnerJob, options: RunOptions = {}): Promise<SandboxResult> {
    if (this.closing) return Promise.reject(new FlywheelError('FLY_SANDBOX_UNAVAILABLE', 'the sandbox is closed'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const item: Pending = { job, lane: options.lane ?? 'rounds', seq: 0, resolve, reject, attempts: 0, settled: false };
      if (signal) {
        item.signal = signal;
        this.callers.add(item, signal);
      }
      this.queue.push(item);
      this.schedulePump();
    });
  }

  stats(): ImageStats {
    const lanes = perLane((lane): LaneStats => ({ queued: this.queue.size(lane), busy: 0, jobs: this.laneJobs[lane], cancelled: this.laneCancelled[lane] }));
    let busy = 0;
    for (const slot of this.slots) {
      if (!slot.busy) continue;
      busy += 1;
      if (slot.lane) lanes[slot.lane].busy += 1;
    }
    return { size: this.slots.size, busy, jobs: this.jobsDone, replaced: this.replacedCount, lanes };
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      const gone = new FlywheelError('FLY_SANDBOX_UNAVAILABLE', 'the sandbox was closed before the job ran');
      for (const item of this.queue.drain()) this.fail(item, gone);
      for (const session of this.sessions) session.abort();
      await Promise.allSettled([...this.creating]);
      const slots = [...this.slots];
      this.slots.clear();
      await Promise.allSettled(slots.map((slot) => removeContainer(slot.container)));
    })();
    return this.closing;
  }

  private schedulePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    // Deferred so that jobs submitted together (runMany) are queued before batches are cut.
    queueMicrotask(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.closing) return;
    const running = perLane(() => 0);
    for (const slot of this.slots) if (slot.busy && slot.lane) running[slot.lane] += 1;
    for (const slot of this.slots) {
      if (slot.busy) continue;
      // A batch stops at the container's recycling point.
      const budget = Math.max(1, this.opts.config.sandboxRecycleAfter - slot.jobs);
      const next = this.queue.next(running, Math.min(this.opts.config.sandboxBatchSize, budget));
      if (!next) return;
      const { lane, items } = next;
      running[lane] += 1;
      slot.busy = true;
      slot.lane = lane;
      void this.runBatch(slot, items).catch((err: unknown) => {
        this.opts.log.error({ err, container: slot.id }, 'sandbox batch failed unexpectedly');
      });
    }
  }

  private settle(item: Pending, result: SandboxResult): void {
    if (item.settled) return;
    item.settled = true;
    if (item.signal) this.callers.delete(item, item.signal);
    this.jobsDone += 1;
    this.laneJobs[item.lane] += 1;
    item.resolve(result);
  }

  private fail(item: Pending, err: unknown): void {
    if (item.settled) return;
    item.settled = true;
    if (item.signal) this.callers.delete(item, item.signal);
    item.reject(err);
  }

  /** The slot's runner session, opened with the container and again if it ended (then by the next batch). */
  private async sessionOf(slot: Slot): Promise<Session> {
    if (slot.session && !slot.session.ended()) return slot.session;
    const session = await openSession(this.opts.docker, slot.container, (event) => slot.listener?.(event));
    slot.session = session;
    this.sessions.add(session);
    void session.done.then(() => {
      this.sessions.delete(session);
      slot.onEnd?.();
    });
    return session;
  }

  private async runBatch(slot: Slot, items: Pending[]): Promise<void> {
    const log = this.opts.log;
    // Jobs run strictly in order: job i starts when result i - 1 arrives (job 0 when the batch is sent).
    let current = 0;
    let currentStart = Date.now();
    let sent = false;
    let timer: NodeJS.Timeout | undefined;
    let runnerError: string | undefined;
    let replaceReason: string | undefined;
    let session: Session | undefined;
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });

    const killForDeadline = (): void => {
      replaceReason = 'a job outlived its deadline';
      const item = items[current];
      if (item && !item.settled) this.settle(item, timeoutResult(Date.now() - currentStart));
      session?.abort();
      finish();
    };
    const startJob = (index: number): void => {
      clearTimeout(timer);
      current = index;
      currentStart = Date.now();
      const item = items[index];
      if (item) timer = setTimeout(killForDeadline, item.job.limits.timeoutMs + DEADLINE_GRACE_MS);
    };
    slot.listener = (event: RunnerEvent): void => {
      const item = items[event.index];
      if (!item || item.settled) return;
      if (event.event === 'error') {
        // The runner exits after this; the end of its output finishes the batch.
        runnerError = event.message;
        return;
      }
      const { event: _e, index: _i, healthy, ...result } = event;
      slot.jobs += 1;
      this.settle(item, result);
      if (!healthy) {
        replaceReason = 'the runner could not clean up after a job';
        finish();
      } else if (event.index + 1 < items.length) {
        startJob(event.index + 1);
      } else {
        finish();
      }
    };

    try {
      slot.onEnd = finish;
      session = await this.sessionOf(slot);
      if (session.ended()) throw new FlywheelError('FLY_SANDBOX_FAILED', 'the runner exited before the batch was sent');
      startJob(0);
      session.send(items.map((i) => i.job));
      sent = true;
      await finished;
    } catch (err) {
      replaceReason ??= 'the runner could not be started';
      log.warn({ err, container: slot.id }, 'sandbox runner session failed');
    } finally {
      clearTimeout(timer);
      slot.listener = undefined;
      slot.onEnd = undefined;
    }

    const unsettled = items.filter((item) => !item.settled);
    if (this.closing) {
      const closed = new FlywheelError('FLY_SANDBOX_UNAVAILABLE', 'the sandbox was closed while the job ran or waited');
      for (const item of unsettled) this.fail(item, closed);
      return;
    }
    if (unsettled.length > 0) {
      replaceReason ??= 'the runner stopped before the batch was done';
      const running = sent ? items[current] : undefined;
      if (running && !running.settled) await this.blameRunning(running, session, runnerError, Date.now() - currentStart);
      for (const item of unsettled.filter((i) => !i.settled).reverse()) {
        item.attempts += 1;
        if (item.attempts >= MAX_ATTEMPTS) this.fail(item, new FlywheelError('FLY_SANDBOX_FAILED', `sandbox containers failed ${item.attempts} times before the job could run`));
        else this.queue.unshift(item);
      }
    }
    if (replaceReason === undefined && slot.jobs >= this.opts.config.sandboxRecycleAfter) replaceReason = 'recycled';
    if (replaceReason !== undefined) {
      const stderr = session?.stderr() ?? '';
      if (stderr.trim() !== '') log.warn({ container: slot.id, stderr }, 'sandbox runner wrote to stderr');
      await this.replace(slot, replaceReason);
    } else {
      slot.busy = false;
      slot.lane = undefined;
    }
    this.schedulePump();
  }

  /** The job that was running when the runner died: OOM-killed runner means the job's memory, else a fault. */
  private async blameRunning(item: Pending, session: Session | undefined, runnerError: string | undefined, durationMs: number): Promise<void> {
    const exitCode = session ? await session.exitCode() : null;
    if (runnerError === undefined && (exitCode === 137 || (session !== undefined && (await session.oomKilled())))) {
      // Only the kernel's OOM killer SIGKILLs the root runner (jobs cannot signal it), or, under gVisor, takes
      // the whole sandbox.
      this.settle(item, memoryResult(durationMs));
      return;
    }
    item.attempts = MAX_ATTEMPTS;
    this.fail(item, new FlywheelError('FLY_SANDBOX_FAILED', `the sandbox runner failed during the job: ${runnerError ?? `exit code ${String(exitCode)}`}`));
  }

  private async replace(slot: Slot, reason: string): Promise<void> {
    this.slots.delete(slot);
    this.replacedCount += 1;
    this.opts.log.info({ container: slot.id, image: this.opts.image.name, reason }, 'replacing sandbox container');
    await removeContainer(slot.container).catch((err: unknown) => this.opts.log.warn({ err, container: slot.id }, 'cannot remove sandbox container'));
    await this.addContainer().catch(() => undefined);
  }

  /** Starts one container and adds it to the pool; on failure retries in the background with backoff. */
  private addContainer(): Promise<void> {
    const attempt = (async () => {
      const container = await startContainer(this.opts.docker, this.opts.config, this.opts.image, this.opts.runtime);
      const slot: Slot = { container, id: container.id.slice(0, 12), jobs: 0, busy: false };
      try {
        // Warm means the runner too: the first batch should not wait for an exec and an interpreter.
        if (!this.closing) await this.sessionOf(slot);
      } catch (err) {
        await removeContainer(container);
        throw err;
      }
      if (this.closing) {
        await removeContainer(container);
        return;
      }
      this.startFailures = 0;
      this.slots.add(slot);
      this.schedulePump();
    })();
    const tracked = attempt.catch((err: unknown) => {
      this.startFailures += 1;
      this.opts.log.error({ err, image: this.opts.image.tag }, 'cannot start sandbox container');
      if (this.slots.size === 0) {
        // Nothing can run the queue: fail it now rather than let callers hang, and keep trying to recover.
        const down = new FlywheelError('FLY_SANDBOX_UNAVAILABLE', `no sandbox container of ${this.opts.image.tag} can be started`, { cause: err });
        for (const item of this.queue.drain()) this.fail(item, down);
      }
      if (!this.closing && this.slots.size + this.creating.size - 1 < this.size) {
        const delay = RETRY_START_MS[Math.min(this.startFailures - 1, RETRY_START_MS.length - 1)] as number;
        setTimeout(() => {
          if (!this.closing) this.addContainer().catch(() => undefined);
        }, delay).unref();
      }
      throw err;
    });
    this.creating.add(tracked);
    void tracked.finally(() => this.creating.delete(tracked)).catch(() => undefined);
    return tracked;
  }
}
