// `flywheel serve`: the REST API, the workers of the rounds it starts, and (with FLYWHEEL_CRON) the nightly
// schedule. Without FLYWHEEL_API_TOKEN it starts only on a loopback address: an open API that starts rounds
// and reads files named in requests must not face a network.
import Docker from 'dockerode';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app.ts';
import { isLoopback } from '../api/auth.ts';
import { createApiContext, type ApiServices } from '../api/context.ts';
import type { Config } from '../config.ts';
import { FlywheelError } from '../errors.ts';
import { checkSchedule, startSchedule, type Schedule } from '../pipeline/schedule.ts';
import { resolveRoundSettings, type RoundSettings } from '../pipeline/settings.ts';
import { createRoundWorkers, type RoundWorkerOptions, type RoundWorkers } from '../pipeline/supervisor.ts';
import { openRunServices } from '../services.ts';
import type { CommandContext } from './context.ts';
import { checkedRoundSettings, settingOptions, settingsFromFlags, settingUsage } from './round-flags.ts';

/** Flags of `serve`: the settings of scheduled rounds (unset ones keep the round defaults). */
// The settings of the scheduled rounds `serve` starts.
const SCHEDULED = ['size', 'languages', 'revisionBudget', 'benchmarkFiles', 'seedPaths'] as const;
export const serveOptions = settingOptions(SCHEDULED);
export const serveUsage = `flywheel serve ${settingUsage(SCHEDULED)}`;

export interface Server {
  app: FastifyInstance;
  workers: RoundWorkers;
  schedule: Schedule | undefined;
  url: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  config: Pick<Config, 'host' | 'port' | 'apiToken' | 'cron' | 'cronTimezone'>;
  /** Settings of the rounds the schedule starts. */
  scheduled?: Partial<RoundSettings>;
  /** How often to look for running rounds no worker of this process works on; 0: only at start. */
  joinEveryMs?: number;
  workers?: RoundWorkerOptions;
  pingDocker?: () => Promise<unknown>;
  metricsTtlMs?: number;
}

/** Refuses an API without a token on anything but loopback. */
export function checkExposure(config: Pick<Config, 'host' | 'apiToken'>): void {
  if (config.apiToken === '' && !isLoopback(config.host)) {
    throw new FlywheelError(
      'FLY_CONFIG_INVALID',
      `FLYWHEEL_API_TOKEN is empty and FLYWHEEL_HOST is ${config.host}: set a token, or listen on 127.0.0.1 (an API without a token is for this machine only)`,
    );
  }
}

/** Builds the API over open services, listens, joins running rounds and starts the schedule. */
export async function startServer(services: ApiServices, options: ServerOptions): Promise<Server> {
  const { config } = options;
  checkExposure(config);
  if (config.cron !== '') checkSchedule(config.cron, config.cronTimezone);
  const log = services.log;
  const workers = createRoundWorkers(services, options.workers);
  const ctx = createApiContext({
    services, workers,
    ...(options.pingDocker ? { pingDocker: options.pingDocker } : {}),
    ...(options.metricsTtlMs === undefined ? {} : { metricsTtlMs: options.metricsTtlMs }),
  });
  const app = await buildApp(ctx, { apiToken: config.apiToken });
  let joinTimer: NodeJS.Timeout | undefined;
  let schedule: Schedule | undefined;
  const close = async () => {
    clearInterval(joinTimer);
    schedule?.stop();
    await app.close();
    await workers.close();
  };
  try {
    const url = await app.listen({ host: config.host, port: config.port });
    if (config.apiToken === '') log.warn({ url }, 'FLYWHEEL_API_TOKEN is empty: the API is open to anyone on this machine');
    const join = () =>
      workers.joinRunning().then(
        (joined) => joined.length > 0 && log.info({ rounds: joined }, 'joined running rounds'),
        (err: unknown) => log.error({ err }, 'looking for running rounds failed'),
      );
    await join();
    const every = options.joinEveryMs ?? 30_000;
    if (every > 0) joinTimer = setInterval(() => void join(), every);
    if (config.cron !== '') {
      schedule = startSchedule({
        deps: services, expression: config.cron, timezone: config.cronTimezone,
        ...(options.scheduled ? { settings: options.scheduled } : {}),
        onStarted: async (round) => {
          await workers.ensure(round.id);
        },
      });
    }
    return { app, workers, schedule, url, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Resolves on the first SIGINT or SIGTERM; a second one ends the process at once. The listeners stay until
 * `remove` so the sandbox's own signal handler sees someone handling the signal and leaves the exit to us.
 */
function stopSignal(log: CommandContext['log']): { stopped: Promise<NodeJS.Signals>; remove(): void } {
  let resolve: (signal: NodeJS.Signals) => void = () => {};
  const stopped = new Promise<NodeJS.Signals>((r) => (resolve = r));
  let count = 0;
  const on = (signal: NodeJS.Signals) => {
    count++;
    if (count === 1) resolve(signal);
    else {
      log.warn({ signal }, 'second signal: exiting without finishing the shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return {
    stopped,
    remove() {
      process.removeListener('SIGINT', on);
      process.removeListener('SIGTERM', on);
    },
  };
}

export async function runServeCommand({ config, log, values }: CommandContext): Promise<number> {
  checkExposure(config);
  if (config.cron !== '') checkSchedule(config.cron, config.cronTimezone);
  // Checked now: a wrong flag should stop start-up, not the first scheduled round at 2 a.m.
  const flags = settingsFromFlags(values);
  resolveRoundSettings(flags);
  const scheduled = await checkedRoundSettings(config, flags);
  const signals = stopSignal(log);
  let server: Server | undefined;
  let services: Awaited<ReturnType<typeof openRunServices>> | undefined;
  try {
    services = await openRunServices(config, log, { api: true });
    const docker = new Docker();
    server = await startServer(services, { config, scheduled, pingDocker: () => docker.ping() });
    console.error(`flywheel: API on ${server.url} (docs: ${server.url}/docs)${server.schedule ? `, next scheduled round ${server.schedule.nextRun()?.toISOString() ?? 'never'}` : ''}`);
    const signal = await signals.stopped;
    log.info({ signal }, 'stopping');
    return 0;
  } finally {
    await server?.close();
    await services?.close();
    signals.remove();
  }
}
