// An API over a test database: the real stores, registry and prompts; the sandbox and checker of a started
// engine when a test needs the checks, else stand-ins that say the sandbox is not there.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.ts';
import { createApiContext, type ApiContext, type ApiServices } from '../../src/api/context.ts';
import type { Checker } from '../../src/checks/index.ts';
import type { Config } from '../../src/config.ts';
import { FlywheelError } from '../../src/errors.ts';
import { createCheckpointRegistry, loadPrompts } from '../../src/llm/index.ts';
import { createRoundWorkers, type RoundWorkerOptions, type RoundWorkers } from '../../src/pipeline/supervisor.ts';
import { createAttemptStore } from '../../src/store/attempts.ts';
import type { Db } from '../../src/store/db.ts';
import { createRoundStore } from '../../src/store/rounds.ts';
import { createSampleStore } from '../../src/store/samples.ts';
import { log, testConfig, type Engine } from '../helpers/pipeline.ts';

export const TOKEN = 'test-token-0123456789';
export const auth = { authorization: `Bearer ${TOKEN}` };

const noSandbox = () => new FlywheelError('FLY_SANDBOX_UNAVAILABLE', 'no sandbox in this test');

/** A checker for tests that never reach the checks. */
export const absentChecker: Checker = {
  check: async () => { throw noSandbox(); },
  checkMany: async () => { throw noSandbox(); },
  parse: () => { throw noSandbox(); },
};

export async function apiServices(db: Db, options: { engine?: Engine; config?: Config } = {}): Promise<ApiServices> {
  const config = options.config ?? options.engine?.config ?? testConfig();
  return {
    config, log, db,
    rounds: createRoundStore(db), attempts: createAttemptStore(db), samples: createSampleStore(db),
    registry: createCheckpointRegistry({ db, log, policy: config }),
    prompts: options.engine?.prompts ?? (await loadPrompts()),
    checker: options.engine?.checker ?? absentChecker,
    sandbox: options.engine?.sandbox ?? { stats: () => ({ images: {} }) },
    close: async () => {},
  };
}

/** Workers that only note which rounds they were asked to work on. */
export function notingWorkers(): RoundWorkers & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    ensure: async (id) => {
      asked.push(id);
      return true;
    },
    isActive: (id) => asked.includes(id),
    joinRunning: async () => [],
    close: async () => {},
  };
}

export interface TestApi {
  app: FastifyInstance;
  ctx: ApiContext;
  services: ApiServices;
  close(): Promise<void>;
}

export async function testApi(db: Db, options: {
  engine?: Engine;
  workers?: RoundWorkers | RoundWorkerOptions;
  token?: string;
  pingDocker?: () => Promise<unknown>;
  bodyLimit?: number;
  beforeReady?: (app: FastifyInstance) => void;
  config?: Config;
} = {}): Promise<TestApi> {
  const services = await apiServices(db, { ...(options.engine ? { engine: options.engine } : {}), ...(options.config ? { config: options.config } : {}) });
  const given = options.workers;
  const workers = given && 'ensure' in given ? given : createRoundWorkers(services, given ?? {});
  const ctx = createApiContext({ services, workers, metricsTtlMs: 0, ...(options.pingDocker ? { pingDocker: options.pingDocker } : {}) });
  const app = await buildApp(ctx, { apiToken: options.token ?? TOKEN, ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}) });
  options.beforeReady?.(app);
  await app.ready();
  return {
    app, ctx, services,
    async close() {
      await app.close();
      await workers.close();
    },
  };
}
