// Batches lint requests of the languages whose linter is slow to start into shared lint jobs. Requests made
// in the same tick are gathered; at most `maxInFlight` jobs run at once, and requests that arrive meanwhile
// wait and go together in the next job: batches grow with load and a lone request is never held back.
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Sandbox, SandboxResult } from '../sandbox/types.ts';
import { lintBatchJob, lintReportPath, type LintEntry } from './jobs.ts';
import { readReport, type HarnessReport } from './report.ts';

export interface LintOutcome {
  /** Null when the job ended before this sample's report was written (a limit, or a linter crash). */
  report: HarnessReport | null;
  /** The job's result: the batch's, or this sample's own job when it had to be linted alone. */
  result: SandboxResult;
  /** The sample was linted in a job of its own. */
  alone: boolean;
}

interface Pending extends LintEntry {
  alone: boolean;
  resolve: (outcome: LintOutcome) => void;
  reject: (err: unknown) => void;
}

export interface LintBatcher {
  lint(entry: LintEntry): Promise<LintOutcome>;
}

export function createLintBatcher(opts: { sandbox: Sandbox; config: Config; log: Logger; maxBatch: number; maxInFlight: number }): LintBatcher {
  const queues = new Map<string, Pending[]>();
  const inFlight = new Map<string, number>();
  let scheduled = false;

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      for (const image of queues.keys()) pump(image);
    });
  };

  function pump(image: string): void {
    const queue = queues.get(image) ?? [];
    while (queue.length > 0 && (inFlight.get(image) ?? 0) < opts.maxInFlight) {
      const free = opts.maxInFlight - (inFlight.get(image) ?? 0);
      // Split what waits evenly over the free slots, so two idle containers share a burst.
      const size = queue[0]?.alone ? 1 : Math.min(opts.maxBatch, Math.ceil(queue.filter((p) => !p.alone).length / free));
      const batch = queue[0]?.alone ? queue.splice(0, 1) : takeBatch(queue, size);
      inFlight.set(image, (inFlight.get(image) ?? 0) + 1);
      void runBatch(batch).finally(() => {
        inFlight.set(image, (inFlight.get(image) ?? 1) - 1);
        pump(image);
      });
    }
  }

  function takeBatch(queue: Pending[], size: number): Pending[] {
    const batch: Pending[] = [];
    for (let i = 0; i < queue.length && batch.length < size; ) {
      const p = queue[i] as Pending;
      if (p.alone) i++;
      else batch.push(...queue.splice(i, 1));
    }
    return batch;
  }

  async function runBatch(batch: Pending[]): Promise<void> {
    let result: SandboxResult;
    try {
      result = await opts.sandbox.run(lintBatchJob(batch, opts.config));
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    const missing: Pending[] = [];
    batch.forEach((p, i) => {
      const report = readReport(result.collected[lintReportPath(i)]);
      if (report !== null || p.alone) p.resolve({ report, result, alone: p.alone });
      else missing.push(p);
    });
    if (missing.length > 0) {
      // One sample took the batch down (a limit, a crash): each unfinished one is linted again on its own.
      opts.log.warn({ batch: batch.length, missing: missing.length, limit: result.limit, exitCode: result.exitCode }, 'lint batch ended early; linting the rest one by one');
      for (const p of missing) enqueue({ ...p, alone: true });
    }
  }

  function enqueue(p: Pending): void {
    const image = p.language.image;
    const queue = queues.get(image) ?? [];
    queues.set(image, queue);
    queue.push(p);
    schedule();
  }

  return {
    lint(entry) {
      return new Promise((resolve, reject) => enqueue({ ...entry, alone: false, resolve, reject }));
    },
  };
}
