// What every route gets: the services, the round workers of this process, the API's queue of checks, and the
// probes.
import type { Checker } from '../checks/index.ts';
import { createCheckQueue, type CheckQueue } from '../checks/queue.ts';
import { describeError, FlywheelError, type ErrorCode } from '../errors.ts';
import type { RoundWorkers } from '../pipeline/supervisor.ts';
import type { Sandbox } from '../sandbox/index.ts';
import type { Services } from '../services.ts';
import { ping } from '../store/index.ts';
import { cachedMetrics, renderMetrics, watchEventLoop } from './metrics.ts';

/** What the API works with: the services, and the checks on a sandbox whose pool use /metrics reports. */
export type ApiServices = Services & { checker: Checker; sandbox: Pick<Sandbox, 'stats'> };

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
}

export interface ApiContext {
  services: ApiServices;
  workers: RoundWorkers;
  /** POST /v1/verify's checks: VERIFY_CONCURRENCY at a time over all requests, in the sandbox's `api` lane. */
  checks: CheckQueue;
  readiness: () => Promise<Readiness>;
  metrics: () => Promise<string>;
}

// A probe that hangs is a failed probe: orchestrators time out at a few seconds.
const PROBE_TIMEOUT_MS = 2000;

/** `unanswered`: the code of a probe that times out (what it says of the service behind it). */
async function probe(check: () => Promise<unknown>, unanswered: ErrorCode): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new FlywheelError(unanswered, `no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
      }),
    ]);
    return { ok: true };
  } catch (err) {
    // Said to anyone (the probe is open): the kind of failure, not addresses or stack traces.
    return { ok: false, error: describeError(err).split(' <- ')[0]?.slice(0, 200) ?? 'failed' };
  } finally {
    clearTimeout(timer);
  }
}

export function createApiContext(options: {
  services: ApiServices;
  workers: RoundWorkers;
  /** Reachability of the Docker engine (dockerode's ping); absent: not checked. */
  pingDocker?: () => Promise<unknown>;
  /** How long one computation of /metrics is served (default 5 s). */
  metricsTtlMs?: number;
}): ApiContext {
  const { services } = options;
  const { config } = services;
  watchEventLoop();
  return {
    services,
    workers: options.workers,
    checks: createCheckQueue(services.checker, { lane: 'api', concurrency: config.verifyConcurrency, maxWaiting: config.verifyQueueLimit }),
    async readiness() {
      const checks: Readiness['checks'] = { database: await probe(() => ping(services.db), 'FLY_DB_UNAVAILABLE') };
      if (options.pingDocker) checks.docker = await probe(options.pingDocker, 'FLY_SANDBOX_UNAVAILABLE');
      return { ready: Object.values(checks).every((c) => c.ok), checks };
    },
    metrics: cachedMetrics(() => renderMetrics(services.db, services.sandbox), options.metricsTtlMs ?? 5000),
  };
}
