// A whole pipeline for tests: the stand-in model over a chosen part of the shipped bank, the real sandbox
// and checks, prompts from prompts/, and the stores over a test database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createChecker, type Checker } from '../../src/checks/index.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createCheckpointRegistry, loadPrompts, RETRY_TABLE, type Checkpoint, type Prompts } from '../../src/llm/index.ts';
import { createLogger } from '../../src/log.ts';
import { runRound, startRound } from '../../src/pipeline/round.ts';
import { loadBenchmarks } from '../../src/pipeline/seeds.ts';
import type { RoundSettings } from '../../src/pipeline/settings.ts';
import type { WorkerDeps, WorkerOptions } from '../../src/pipeline/worker.ts';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { defaultBankDir, startStandin, STANDIN_MODEL, type StandinFaults } from '../../src/standin/index.ts';
import { createAttemptStore } from '../../src/store/attempts.ts';
import type { Db } from '../../src/store/db.ts';
import { createRoundStore } from '../../src/store/rounds.ts';
import { createSampleStore } from '../../src/store/samples.ts';
import { requireDocker } from './docker.ts';

export const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

/** Settings for pipeline tests: short sandbox timeouts so infinite loops end quickly. */
export function testConfig(env: Record<string, string> = {}): Config {
  // runc, as the checks' suites (test/checks/helpers.ts says why).
  return loadConfig({ SANDBOX_TIMEOUT_MS: '4000', SANDBOX_POOL_SIZE: '2', SANDBOX_RUNTIME: 'runc', LLM_CONCURRENCY: '16', ...env });
}

/** A bank directory serving `ids` of the shipped bank, in that order. */
export function bankOf(ids: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-bank-'));
  for (const id of ids) fs.symlinkSync(path.join(defaultBankDir, id), path.join(dir, id));
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(ids));
  return dir;
}

export const benchmarkFile = path.join(defaultBankDir, 'benchmark-sample.jsonl');

export interface Engine {
  config: Config;
  sandbox: Sandbox;
  checker: Checker;
  prompts: Prompts;
  close(): Promise<void>;
}

/** The sandbox pools and checks, started once per test file. */
export async function startEngine(config = testConfig()): Promise<Engine> {
  await requireDocker();
  const sandbox = await createSandbox({ config, log, handleSignals: false });
  return { config, sandbox, checker: createChecker({ sandbox, config, log }), prompts: await loadPrompts(), close: () => sandbox.close() };
}

export interface Flywheel {
  deps: WorkerDeps;
  checkpoint: Checkpoint;
  standin: Awaited<ReturnType<typeof startStandin>>;
  /** Starts a round; `run` works it to the end with one worker. */
  start(settings: Partial<RoundSettings>): Promise<number>;
  run(roundId: number, options?: Partial<WorkerOptions>): ReturnType<typeof runRound>;
  close(): Promise<void>;
}

/** A stand-in over `bankDir` registered as the current checkpoint of `db`, and worker deps around it. */
export async function flywheel(engine: Engine, db: Db, options: { bankDir: string; faults?: Partial<StandinFaults>; name?: string }): Promise<Flywheel> {
  const standin = await startStandin({ port: 0, bankDir: options.bankDir, ...(options.faults ? { faults: options.faults } : {}), log });
  const registry = createCheckpointRegistry({ db, log });
  const checkpoint = await registry.register({ name: options.name ?? `standin-${Date.now()}-${Math.random()}`, baseUrl: standin.url, model: STANDIN_MODEL, makeCurrent: true });
  const llm = registry.clientFor(checkpoint, {
    concurrency: engine.config.llmConcurrency,
    // Fault tests retry quickly; the table's shape is what is under test elsewhere.
    retry: { ...RETRY_TABLE, baseDelayMs: 10, maxDelayMs: 50, retryAfterCapMs: 100 },
  });
  const deps: WorkerDeps = {
    config: engine.config, log, db,
    rounds: createRoundStore(db), attempts: createAttemptStore(db), samples: createSampleStore(db),
    llm, checker: engine.checker, prompts: engine.prompts,
    benchmarks: await loadBenchmarks([benchmarkFile], 10),
  };
  return {
    deps, checkpoint, standin,
    start: async (settings) => (await startRound(deps, { checkpointId: checkpoint.id, settings: { benchmarkFiles: [benchmarkFile], ...settings } })).id,
    run: (roundId, workerOptions = {}) => runRound(deps, roundId, { concurrency: 8, leaseMs: 30_000, pollMs: 100, ...workerOptions }),
    close: () => standin.close(),
  };
}
