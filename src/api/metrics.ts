// GET /metrics in the Prometheus text format (version 0.0.4). Figures come from the database, so every
// replica reports the same totals for the whole service (scrape one, or aggregate with max(), not sum());
// the sandbox figures are this process's own pools.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Db, Queryable } from '../store/db.ts';
import { modelCalls, openProblemsByStage, roundsByStatus, samplesByLanguage } from '../store/metrics.ts';
import { LANES } from '../sandbox/types.ts';
import type { ImageStats, LaneStats } from '../sandbox/index.ts';

/** Histogram bounds of model latency, seconds. */
export const LATENCY_BUCKETS_S = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labels(set: Record<string, string>): string {
  const parts = Object.entries(set).map(([k, v]) => `${k}="${escape(v)}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

function family(lines: string[], name: string, type: 'gauge' | 'counter' | 'histogram', help: string, samples: [Record<string, string>, number][]): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  for (const [set, value] of samples) lines.push(`${name}${labels(set)} ${value}`);
}

let histogram: IntervalHistogram | undefined;
function loopDelay(): IntervalHistogram {
  if (!histogram) {
    histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
  }
  return histogram;
}

/** Starts measuring the event loop's delay now, not at the first scrape. */
export function watchEventLoop(): void {
  loopDelay();
}

export async function renderMetrics(db: Queryable & Pick<Db, 'connectionWaits'>, sandbox: { stats(): { images: Record<string, ImageStats> } }): Promise<string> {
  const bounds = LATENCY_BUCKETS_S.map((s) => Math.round(s * 1000));
  const [rounds, problems, samples, calls] = await Promise.all([roundsByStatus(db), openProblemsByStage(db), samplesByLanguage(db), modelCalls(db, bounds)]);
  const lines: string[] = [];
  family(lines, 'flywheel_rounds', 'gauge', 'Rounds by status.', rounds.map((r) => [{ status: r.status }, r.n]));
  family(lines, 'flywheel_open_problems', 'gauge', 'Problems of pending and running rounds by pipeline stage and status.', problems.map((p) => [{ stage: p.stage, status: p.status }, p.n]));
  family(lines, 'flywheel_samples_total', 'counter', 'Accepted samples stored, by language.', samples.map((s) => [{ language: s.language }, s.n]));

  const images = Object.entries(sandbox.stats().images);
  family(lines, 'flywheel_sandbox_containers', 'gauge', 'Warm sandbox containers of this process, by image.', images.map(([image, s]) => [{ image }, s.size]));
  family(lines, 'flywheel_sandbox_busy_containers', 'gauge', 'Sandbox containers of this process running a job now, by image.', images.map(([image, s]) => [{ image }, s.busy]));
  family(lines, 'flywheel_sandbox_jobs_total', 'counter', 'Sandbox jobs finished by this process, by image.', images.map(([image, s]) => [{ image }, s.jobs]));
  family(lines, 'flywheel_sandbox_replaced_total', 'counter', 'Sandbox containers destroyed and replaced by this process, by image.', images.map(([image, s]) => [{ image }, s.replaced]));
  const byLane = (pick: (s: LaneStats) => number) => images.flatMap(([image, s]) => LANES.map((lane): [Record<string, string>, number] => [{ image, lane }, pick(s.lanes[lane])]));
  family(lines, 'flywheel_sandbox_queued_jobs', 'gauge', 'Sandbox jobs of this process waiting for a container, by image and lane (rounds, api).', byLane((l) => l.queued));
  family(lines, 'flywheel_sandbox_cancelled_jobs_total', 'counter', 'Queued sandbox jobs of this process dropped because their caller went away, by image and lane.', byLane((l) => l.cancelled));

  // The event loop's delay since the last render: how late this process answers anything, whatever it waits for.
  const delay = loopDelay();
  lines.push('# HELP flywheel_event_loop_delay_seconds Delay of this process\'s event loop since the previous scrape.', '# TYPE flywheel_event_loop_delay_seconds gauge');
  for (const [label, value] of [['0.5', delay.percentile(50)], ['0.99', delay.percentile(99)], ['1', delay.max]] as const) {
    lines.push(`flywheel_event_loop_delay_seconds{quantile="${label}"} ${Number.isFinite(value) ? value / 1e9 : 0}`);
  }
  delay.reset();

  const pools = Object.entries(db.connectionWaits?.() ?? {});
  if (pools.length > 0) {
    lines.push('# HELP flywheel_db_connection_wait_seconds Time callers of this process waited for a pooled database connection, by pool (main, and each lane: export, rounds).', '# TYPE flywheel_db_connection_wait_seconds histogram');
    for (const [pool, waits] of pools) {
      for (const [le, n] of waits.buckets) lines.push(`flywheel_db_connection_wait_seconds_bucket{pool="${pool}",le="${le}"} ${n}`);
      lines.push(`flywheel_db_connection_wait_seconds_bucket{pool="${pool}",le="+Inf"} ${waits.count}`, `flywheel_db_connection_wait_seconds_sum{pool="${pool}"} ${waits.sumSeconds}`, `flywheel_db_connection_wait_seconds_count{pool="${pool}"} ${waits.count}`);
    }
  }

  // Per stage: requests by outcome, tokens, and the latency histogram over all outcomes.
  const stages = [...new Set(calls.map((c) => c.stage))].sort();
  const sum = (rows: typeof calls, pick: (r: (typeof calls)[number]) => number) => rows.reduce((total, r) => total + pick(r), 0);
  family(lines, 'flywheel_model_requests_total', 'counter', 'Model calls by stage and outcome.', stages.flatMap((stage) =>
    (['true', 'false'] as const).map((ok): [Record<string, string>, number] => [{ stage, ok }, sum(calls.filter((c) => c.stage === stage && String(c.ok) === ok), (r) => r.n)])));
  family(lines, 'flywheel_model_tokens_total', 'counter', 'Model tokens by stage and kind (prompt, completion).', stages.flatMap((stage): [Record<string, string>, number][] => {
    const rows = calls.filter((c) => c.stage === stage);
    return [[{ stage, kind: 'prompt' }, sum(rows, (r) => r.prompt_tokens)], [{ stage, kind: 'completion' }, sum(rows, (r) => r.completion_tokens)]];
  }));
  lines.push('# HELP flywheel_model_latency_seconds Latency of model calls by stage.', '# TYPE flywheel_model_latency_seconds histogram');
  for (const stage of stages) {
    const rows = calls.filter((c) => c.stage === stage);
    let cumulative = 0;
    LATENCY_BUCKETS_S.forEach((le, i) => {
      cumulative += sum(rows.filter((r) => r.bucket === i), (r) => r.n);
      lines.push(`flywheel_model_latency_seconds_bucket${labels({ stage, le: String(le) })} ${cumulative}`);
    });
    lines.push(`flywheel_model_latency_seconds_bucket${labels({ stage, le: '+Inf' })} ${sum(rows, (r) => r.n)}`);
    lines.push(`flywheel_model_latency_seconds_sum${labels({ stage })} ${sum(rows, (r) => r.latency_ms) / 1000}`);
    lines.push(`flywheel_model_latency_seconds_count${labels({ stage })} ${sum(rows, (r) => r.n)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** renderMetrics at most once per `ttlMs`: scrapes from several Prometheus servers share one computation. */
export function cachedMetrics(render: () => Promise<string>, ttlMs: number): () => Promise<string> {
  let cached: { at: number; text: Promise<string> } | undefined;
  return () => {
    const now = Date.now();
    if (!cached || now - cached.at >= ttlMs) {
      const text = render();
      cached = { at: now, text };
      text.catch(() => {
        cached = undefined;
      });
    }
    return cached.text;
  };
}
