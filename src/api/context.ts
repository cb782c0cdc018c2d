// What every route gets: the services, the round workers of this process, and the probes.
import { describeError } from '../errors.ts';
import { cachedMetrics, renderMetrics } from './metrics.ts';
import type { ApiServices, RoundWorkers } from './round-workers.ts';

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
}

export interface ApiContext {
  services: ApiServices;
  workers: RoundWorkers;
  readiness: () => Promise<Readiness>;
  metrics: () => Promise<string>;
}

// A probe that hangs is a failed probe: orchestrators time out at a few seconds.
const PROBE_TIMEOUT_MS = 2000;

async function probe(check: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
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
  return {
    services,
    workers: options.workers,
    async readiness() {
      const checks: Readiness['checks'] = { database: await probe(() => services.db.query('select 1')) };
      if (options.pingDocker) checks.docker = await probe(options.pingDocker);
      return { ready: Object.values(checks).every((c) => c.ok), checks };
    },
    metrics: cachedMetrics(() => renderMetrics(services.db, services.sandbox), options.metricsTtlMs ?? 5000),
  };
}
