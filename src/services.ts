// Opens the parts a command needs, once, from the validated config, and closes them in reverse order.
import Docker from 'dockerode';
import { createChecker, type Checker } from './checks/index.ts';
import type { Config } from './config.ts';
import { createCheckpointRegistry, loadPrompts, parseStageSettings, type Checkpoint, type CheckpointRegistry, type LlmClient, type Prompts } from './llm/index.ts';
import type { Logger } from './log.ts';
import { buildImages, createSandbox, ensureBaseImage, listImageNames, type Sandbox } from './sandbox/index.ts';
import { createAttemptStore, type AttemptStore } from './store/attempts.ts';
import { migrate, openDb, type Db } from './store/index.ts';
import { createRoundStore, type RoundStore } from './store/rounds.ts';
import { createSampleStore, type SampleStore } from './store/samples.ts';

export interface Services {
  config: Config;
  log: Logger;
  db: Db;
  rounds: RoundStore;
  attempts: AttemptStore;
  samples: SampleStore;
  registry: CheckpointRegistry;
  prompts: Prompts;
  close(): Promise<void>;
}

export interface RunServices extends Services {
  sandbox: Sandbox;
  checker: Checker;
}

export interface ServiceOptions {
  /** For serve's API: a request that waits past DATABASE_CONNECTION_WAIT_MS for a connection is refused. */
  api?: boolean;
}

/** Database (migrated), stores, checkpoint registry and prompts. */
export async function openServices(config: Config, log: Logger, options: ServiceOptions = {}): Promise<Services> {
  const prompts = await loadPrompts();
  const db = await openDb(config, options.api ? { connectionWaitMs: config.databaseConnectionWaitMs } : {});
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return {
    config, log, prompts,
    ...storesOver(db),
    registry: createCheckpointRegistry({ db, log, policy: config }),
    close: () => db.close(),
  };
}

/** The stores of rounds, attempts and samples over `db` (or over one of its lanes). */
export function storesOver(db: Db): Pick<Services, 'db' | 'rounds' | 'attempts' | 'samples'> {
  return { db, rounds: createRoundStore(db), attempts: createAttemptStore(db), samples: createSampleStore(db) };
}

/** The above plus the sandbox pools and the checks on them (building missing images when asked). */
export async function openRunServices(config: Config, log: Logger, options: ServiceOptions & { buildMissingImages?: boolean } = {}): Promise<RunServices> {
  const services = await openServices(config, log, options);
  try {
    if (options.buildMissingImages) {
      const docker = new Docker();
      await ensureBaseImage(docker, log);
      await buildImages(docker, await listImageNames(), log);
    }
    const sandbox = await createSandbox({ config, log });
    const checker = createChecker({ sandbox, config, log });
    return {
      ...services,
      sandbox,
      checker,
      async close() {
        await sandbox.close();
        await services.close();
      },
    };
  } catch (err) {
    await services.close();
    throw err;
  }
}

/** A model client for a checkpoint, with the configured sampling, structured mode and limits. */
export function llmFor(services: Services, checkpoint: Checkpoint): LlmClient {
  const { config } = services;
  return services.registry.clientFor(checkpoint, {
    concurrency: config.llmConcurrency,
    structuredMode: config.llmStructuredMode,
    timeoutMs: config.llmTimeoutMs,
    ...(config.llmStageSettings === '' ? {} : { stages: parseStageSettings(config.llmStageSettings) }),
  });
}
