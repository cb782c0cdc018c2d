// Accepted samples per second of a whole round, against the bound set by the model's concurrency and the
// sandbox pool, both measured in the same run:
//   round       the whole bank as one round (stand-in model with a fixed added latency, real sandbox pool)
//   model bound the same client alone: calls/s at its concurrency, divided by the round's calls per sample
//   pool bound  the round's own checks re-run alone on the pool: checks/s, divided by checks per sample
// The round can go no faster than the lower bound; the ratio says how close the pipelining gets.
// The bank's tests take milliseconds, so a 3 s job limit (SANDBOX_TIMEOUT_MS, overridable) is what a team would
// set; its infinite loops then cost 3 s of a container each instead of the default 10.
// Usage: npx tsx bench/pipeline.ts [--latency-ms 300] [--llm-concurrency 8] [--items 64] [--size 46]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createChecker } from '../src/checks/index.ts';
import { loadConfig } from '../src/config.ts';
import { createCheckpointRegistry, loadPrompts } from '../src/llm/index.ts';
import { createLogger } from '../src/log.ts';
import { runRound, startRound } from '../src/pipeline/round.ts';
import { createSandbox } from '../src/sandbox/index.ts';
import { startStandin, STANDIN_MODEL } from '../src/standin/index.ts';
import { createAttemptStore } from '../src/store/attempts.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/pglite.ts';
import { createRoundStore } from '../src/store/rounds.ts';
import { createSampleStore } from '../src/store/samples.ts';

const { values: flags } = parseArgs({
  options: {
    'latency-ms': { type: 'string', default: '300' },
    'llm-concurrency': { type: 'string', default: '8' },
    items: { type: 'string', default: '64' },
    size: { type: 'string', default: '46' },
  },
});
const latencyMs = Number(flags['latency-ms']);
const llmConcurrency = Number(flags['llm-concurrency']);
const items = Number(flags.items);
const size = Number(flags.size);

const log = createLogger('silent');
const config = loadConfig({ SANDBOX_TIMEOUT_MS: '3000', ...process.env, LLM_CONCURRENCY: String(llmConcurrency), LOG_LEVEL: 'silent' });
const db = await openPglite({});
await migrate(db);
const sandbox = await createSandbox({ config, log });
const checker = createChecker({ sandbox, config, log });
const prompts = await loadPrompts();
const standin = await startStandin({ port: 0, faults: { latencyMs }, log });

try {
  const registry = createCheckpointRegistry({ db, log });
  const checkpoint = await registry.register({ name: 'bench', baseUrl: standin.url, model: STANDIN_MODEL, makeCurrent: true });
  const llm = registry.clientFor(checkpoint, { concurrency: llmConcurrency });
  const deps = {
    config, log, db, llm, checker, prompts, benchmarks: null,
    rounds: createRoundStore(db), attempts: createAttemptStore(db), samples: createSampleStore(db),
  };

  // Warm the pool so the round and the pool baseline start alike.
  await checker.checkMany(Array.from({ length: 4 }, () => ({ language: 'python', code: 'def f():\n    return 1\n', tests: 'def test_f():\n    assert f() == 1\n' })));

  const round = await startRound(deps, { checkpointId: checkpoint.id, settings: { size, languages: ['php', 'typescript'] } });
  const started = performance.now();
  const { stats } = await runRound(deps, round.id, { concurrency: items });
  const roundSeconds = (performance.now() - started) / 1000;
  const samplesPerSecond = stats.samples / roundSeconds;

  const [counts] = await db.query<{ calls: number; checks: number }>(
    `select count(*) filter (where kind = 'llm')::int8 as calls, count(*) filter (where kind = 'check')::int8 as checks from attempts where round_id = $1`,
    [round.id],
  );
  const calls = counts?.calls ?? 0;
  const checks = counts?.checks ?? 0;

  // Model bound: the same client and stand-in, as many calls as the round made, nothing else running.
  const judgePrompt = prompts.judge.render({ language: 'python', problem: 'Title: Two Sum\n\nReturn two indices.', solution: 'def f():\n    return 1' });
  const modelStart = performance.now();
  await Promise.all(Array.from({ length: calls }, () => llm.complete({ stage: 'judge', messages: judgePrompt })));
  const callsPerSecond = calls / ((performance.now() - modelStart) / 1000);

  // Pool bound: the round's own checks, all at once on the pool.
  const inputs = await db.query<{ language: string; request: { code: string; tests: string } }>(
    `select language, request from attempts where round_id = $1 and kind = 'check' order by id`,
    [round.id],
  );
  const poolStart = performance.now();
  await checker.checkMany(inputs.map((i) => ({ language: i.language, code: i.request.code, tests: i.request.tests })));
  const checksPerSecond = inputs.length / ((performance.now() - poolStart) / 1000);

  const modelBound = callsPerSecond / (calls / stats.samples);
  const poolBound = checksPerSecond / (checks / stats.samples);
  const bound = Math.min(modelBound, poolBound);
  const result = {
    settings: { latencyMs, llmConcurrency, items, size, poolSize: config.sandboxPoolSize, batchSize: config.sandboxBatchSize, timeoutMs: config.sandboxTimeoutMs },
    round: { seconds: roundSeconds, samples: stats.samples, calls, checks, samplesPerSecond },
    modelBound: { callsPerSecond, samplesPerSecond: modelBound },
    poolBound: { checksPerSecond, samplesPerSecond: poolBound },
    boundBy: modelBound < poolBound ? 'model' : 'pool',
    ratio: samplesPerSecond / bound,
  };
  console.log(`round:       ${stats.samples} samples in ${roundSeconds.toFixed(1)} s = ${samplesPerSecond.toFixed(2)} samples/s (${calls} model calls, ${checks} checks)`);
  console.log(`model bound: ${callsPerSecond.toFixed(1)} calls/s at concurrency ${llmConcurrency}, ${latencyMs} ms each -> ${modelBound.toFixed(2)} samples/s`);
  console.log(`pool bound:  ${checksPerSecond.toFixed(2)} checks/s on ${config.sandboxPoolSize} containers per image -> ${poolBound.toFixed(2)} samples/s`);
  console.log(`ratio:       ${(100 * result.ratio).toFixed(0)}% of the ${result.boundBy} bound`);
  const out = path.join(import.meta.dirname, 'results', 'pipeline.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${path.relative(process.cwd(), out)}`);
} finally {
  await standin.close();
  await sandbox.close();
  await db.close();
}
