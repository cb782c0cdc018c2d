// Model client overhead and resilience, measured against baselines in the same run, on the stand-in model
// (which stands for a server whose answers take --latency-ms):
//   bare    plain fetch POSTs of the same requests, as many at once as the client's concurrency
//   client  createLlmClient().structured (SDK, semaphore, retry table, tolerant parsing, schema validation)
// Run once without faults (overhead: client time / bare time) and once with --fail-rate 500s (success rate:
// the client retries, bare does not).
// Usage: npx tsx bench/llm.ts [--calls 400] [--concurrency 16] [--latency-ms 20] [--fail-rate 0.1]
import { parseArgs } from 'node:util';
import { createLogger } from '../src/log.ts';
import { createLlmClient } from '../src/llm/client.ts';
import { loadPrompts } from '../src/llm/prompts.ts';
import { RETRY_TABLE } from '../src/llm/retry.ts';
import { judgeSchema } from '../src/llm/schema.ts';
import { startStandin, STANDIN_MODEL } from '../src/standin/server.ts';

const { values: flags } = parseArgs({
  options: {
    calls: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '16' },
    'latency-ms': { type: 'string', default: '20' },
    'fail-rate': { type: 'string', default: '0.1' },
  },
});
const calls = Number(flags.calls);
const concurrency = Number(flags.concurrency);
const latencyMs = Number(flags['latency-ms']);
const failRate = Number(flags['fail-rate']);

const prompts = await loadPrompts();
const prompt = prompts.judge.render({ language: 'python', problem: 'Title: Two Sum\n\nFind two indices.', solution: 'def two_sum(nums, target):\n    return [0, 1]' });
const log = createLogger('silent');

async function inParallel(width: number, count: number, fn: () => Promise<boolean>): Promise<{ ms: number; ok: number }> {
  let next = 0;
  let ok = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) {
      next++;
      if (await fn()) ok++;
    }
  }));
  return { ms: performance.now() - started, ok };
}

async function measure(rate: number): Promise<{ bare: { ms: number; ok: number }; client: { ms: number; ok: number } }> {
  const standin = await startStandin({ faults: { latencyMs, failRate: rate, seed: 1 } });
  try {
    const body = JSON.stringify({
      model: STANDIN_MODEL, messages: [{ role: 'user', content: prompt }], temperature: 0, max_tokens: 256,
      response_format: { type: 'json_schema', json_schema: { name: 'judge', schema: judgeSchema.json } },
    });
    const bareCall = async (): Promise<boolean> => {
      const res = await fetch(`${standin.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.text();
      return res.ok;
    };
    // Short waits so the run measures the client, not the backoff; the retry count is the table's.
    const client = createLlmClient({
      baseUrl: standin.url, apiKey: '', model: STANDIN_MODEL, concurrency, log,
      retry: { ...RETRY_TABLE, baseDelayMs: 5, maxDelayMs: 50 },
    });
    const clientCall = async (): Promise<boolean> => (await client.structured({ stage: 'judge', messages: prompt, schema: judgeSchema })).ok;
    // Warm both paths (JIT, connection pools) so neither pays for going first.
    await inParallel(concurrency, concurrency * 4, bareCall);
    await inParallel(concurrency, concurrency * 4, clientCall);
    const bare = await inParallel(concurrency, calls, bareCall);
    // More callers than slots: the client's semaphore, not the caller, bounds the requests in flight.
    const viaClient = await inParallel(concurrency * 4, calls, clientCall);
    return { bare, client: viaClient };
  } finally {
    await standin.close();
  }
}

const clean = await measure(0);
const faulty = await measure(failRate);
const rps = (r: { ms: number }) => (calls / r.ms) * 1000;
console.log(`${calls} calls, concurrency ${concurrency}, server latency ${latencyMs} ms`);
console.log(`no faults     bare ${rps(clean.bare).toFixed(0)} calls/s, client ${rps(clean.client).toFixed(0)} calls/s, client/bare time ${(clean.client.ms / clean.bare.ms).toFixed(2)}x`);
console.log(`fail-rate ${failRate}  bare ${faulty.bare.ok}/${calls} ok, client ${faulty.client.ok}/${calls} ok (${(faulty.client.ok / Math.max(1, faulty.bare.ok)).toFixed(2)}x the successes)`);
