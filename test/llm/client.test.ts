import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isFlywheelError } from '../../src/errors.ts';
import { createLlmClient, orThrow, type LlmClientOptions } from '../../src/llm/client.ts';
import { formatProblem, loadPrompts, type Prompts } from '../../src/llm/prompts.ts';
import { RETRY_TABLE } from '../../src/llm/retry.ts';
import { judgeSchema, problemSchema } from '../../src/llm/schema.ts';
import { structuredModes } from '../../src/llm/settings.ts';
import type { CallRecord } from '../../src/llm/types.ts';
import { countTokens } from '../../src/standin/tokens.ts';
import { STANDIN_MODEL, type RunningStandin, type StandinOptions } from '../../src/standin/server.ts';
import { silentLog, startFixtureStandin } from '../standin/fixtures/index.ts';

let prompts: Prompts;
before(async () => {
  prompts = await loadPrompts();
});

const problemPrompt = () => prompts.problem.render({ topic: 'strings', difficulty: 'easy', snippet: '', snippet_language: '' });
const digitProblem = formatProblem({
  title: 'Repeated Digit Sum', statement: 'Sum the digits until one is left.', signature: 'def digit_root(n: int) -> int', examples: [], constraints: [],
});
const solutionPrompt = () => prompts.solution.render({ language: 'python', problem: digitProblem, signature: 'def digit_root(n: int) -> int' });
const judgePrompt = () => prompts.judge.render({ language: 'python', problem: digitProblem, solution: 'def digit_root(n: int) -> int:\n    return n' });

/** A stand-in and a client on it whose waits are recorded instead of slept. */
async function setup(standinOptions: StandinOptions = {}, clientOptions: Partial<LlmClientOptions> = {}) {
  const standin = await startFixtureStandin(standinOptions);
  const waits: number[] = [];
  const records: CallRecord[] = [];
  const bodies: Record<string, unknown>[] = [];
  const client = createLlmClient({
    baseUrl: standin.url,
    apiKey: '',
    model: STANDIN_MODEL,
    concurrency: 4,
    log: silentLog,
    checkpointId: 7,
    sleep: async (ms) => {
      waits.push(ms);
    },
    onCall: (record) => {
      records.push(record);
    },
    fetch: (input, init) => {
      if (typeof init?.body === 'string') bodies.push(JSON.parse(init.body) as Record<string, unknown>);
      return fetch(input, init);
    },
    ...clientOptions,
  });
  return { standin, client, waits, records, bodies };
}

const running: RunningStandin[] = [];
async function use(standinOptions: StandinOptions = {}, clientOptions: Partial<LlmClientOptions> = {}) {
  const s = await setup(standinOptions, clientOptions);
  running.push(s.standin);
  return s;
}
after(async () => {
  await Promise.all(running.map((s) => s.close()));
});

describe('llm client: retries', () => {
  it('ends a call that fails every time as a recorded failure after the table\'s max attempts', async () => {
    const { client, standin, waits, records } = await use({ faults: { failRate: 1 } });
    const outcome = await client.complete({ stage: 'solution', messages: solutionPrompt(), promptVersion: prompts.solution.version });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.ok ? '' : outcome.error.code, 'FLY_LLM_UNAVAILABLE');
    assert.equal(outcome.record.attempts, RETRY_TABLE.maxAttempts);
    assert.equal(outcome.record.attemptErrors.length, RETRY_TABLE.maxAttempts);
    assert.equal(outcome.record.error?.status, 500);
    assert.equal(standin.stats().chatRequests, RETRY_TABLE.maxAttempts);
    assert.equal(waits.length, RETRY_TABLE.maxAttempts - 1);
    waits.forEach((w, i) => assert.ok(w >= 0 && w < Math.min(RETRY_TABLE.maxDelayMs, RETRY_TABLE.baseDelayMs * 2 ** i), `wait ${i}: ${w}`));
    assert.deepEqual(records, [outcome.record]);
    assert.equal(outcome.record.promptVersion, prompts.solution.version);
    assert.equal(outcome.record.checkpointId, 7);
  });

  it('waits as long as a 429 asks (retry-after-ms), up to the cap', async () => {
    const { client, waits } = await use({ faults: { rateLimitRate: 1, retryAfterMs: 1500 } });
    const outcome = await client.complete({ stage: 'solution', messages: solutionPrompt() });
    assert.equal(outcome.record.error?.status, 429);
    assert.deepEqual(waits, Array(RETRY_TABLE.maxAttempts - 1).fill(1500));
    const capped = await use({ faults: { rateLimitRate: 1, retryAfterMs: 3_600_000 } });
    await capped.client.complete({ stage: 'solution', messages: solutionPrompt() });
    assert.deepEqual(capped.waits, Array(RETRY_TABLE.maxAttempts - 1).fill(RETRY_TABLE.retryAfterCapMs));
  });

  it('gets through after 429s and 500s once the server recovers', async () => {
    const { client, standin, records } = await use({ faults: { rateLimitRate: 0.3, failRate: 0.3, seed: 11 } });
    for (let i = 0; i < 20; i++) assert.equal((await client.complete({ stage: 'solution', messages: solutionPrompt() })).ok, true, `call ${i}`);
    const retries = records.reduce((sum, r) => sum + r.attempts - 1, 0);
    const faults = standin.stats().faults;
    assert.ok(retries > 0);
    assert.equal(retries, faults.failed + faults.rateLimited);
  });

  it('does not retry a 400 (prompt longer than the context)', async () => {
    const { client, standin, waits } = await use({ maxContextTokens: 600 });
    const outcome = await client.complete({ stage: 'solution', messages: 'x'.repeat(8000) });
    assert.equal(outcome.ok ? '' : outcome.error.code, 'FLY_LLM_BAD_REQUEST');
    assert.equal(outcome.record.error?.status, 400);
    assert.equal(outcome.record.attempts, 1);
    assert.equal(standin.stats().chatRequests, 1);
    assert.deepEqual(waits, []);
  });

  it('retries dropped connections, also a stream cut after its first chunk', async () => {
    for (const stream of [false, true]) {
      const { client, standin, records } = await use({ faults: { dropRate: 0.4, seed: 3 } });
      for (let i = 0; i < 15; i++) {
        const outcome = await client.complete({ stage: 'judge', messages: judgePrompt(), stream });
        assert.equal(outcome.ok, true, `stream=${stream} call ${i}: ${outcome.ok ? '' : outcome.error.message}`);
        assert.match(outcome.ok ? outcome.text : '', /"correct":1/);
      }
      const retries = records.reduce((sum, r) => sum + r.attempts - 1, 0);
      assert.ok(standin.stats().faults.dropped > 0);
      assert.equal(retries, standin.stats().faults.dropped, `stream=${stream}`);
    }
  });

  it('ends as unavailable when every connection drops', async () => {
    const { client } = await use({ faults: { dropRate: 1 } });
    const outcome = await client.complete({ stage: 'judge', messages: judgePrompt(), stream: true });
    assert.equal(outcome.ok ? '' : outcome.error.code, 'FLY_LLM_UNAVAILABLE');
    assert.equal(outcome.record.attempts, RETRY_TABLE.maxAttempts);
    assert.equal(outcome.record.error?.status, null);
  });

  it('retries attempts that time out, and counts them', async () => {
    const { client, standin } = await use({ faults: { latencyMs: 200 } }, { timeoutMs: 20 });
    const outcome = await client.complete({ stage: 'solution', messages: solutionPrompt() });
    assert.equal(outcome.ok ? '' : outcome.error.code, 'FLY_LLM_UNAVAILABLE');
    assert.deepEqual(outcome.record.attemptErrors, Array(RETRY_TABLE.maxAttempts).fill('the attempt timed out'));
    assert.equal(standin.stats().chatRequests, RETRY_TABLE.maxAttempts);
  });

  it('stops at once when the caller aborts', async () => {
    const { client, standin } = await use({ faults: { failRate: 1 } });
    const controller = new AbortController();
    controller.abort();
    const outcome = await client.complete({ stage: 'solution', messages: solutionPrompt(), signal: controller.signal });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.record.attempts, 1);
    assert.equal(standin.stats().chatRequests, 0);
  });
});

describe('llm client: concurrency', () => {
  it('keeps at most `concurrency` requests in flight under 200 parallel calls', async () => {
    const { client, standin } = await use({ faults: { latencyMs: 5 } }, { concurrency: 8 });
    const outcomes = await Promise.all(Array.from({ length: 200 }, () => client.complete({ stage: 'judge', messages: judgePrompt() })));
    assert.ok(outcomes.every((o) => o.ok));
    const stats = standin.stats();
    assert.equal(stats.chatRequests, 200);
    assert.ok(stats.maxInFlight <= 8, `max in flight ${stats.maxInFlight}`);
    assert.ok(stats.maxInFlight >= 2, `requests did overlap (${stats.maxInFlight})`);
    assert.equal(client.inFlight, 0);
  });
});

describe('llm client: answers', () => {
  it('records a malformed answer as a failure of that call, not an exception, and does not retry it', async () => {
    const { client, records } = await use({ faults: { malformedRate: 1 } });
    const problem = await client.structured({ stage: 'problem', messages: problemPrompt(), schema: problemSchema });
    assert.equal(problem.ok ? '' : problem.error.code, 'FLY_LLM_MALFORMED');
    assert.equal(problem.record.attempts, 1);
    const code = await client.code({ stage: 'solution', messages: solutionPrompt(), language: 'python' });
    assert.equal(code.ok ? '' : code.error.code, 'FLY_LLM_MALFORMED');
    assert.match(code.ok ? '' : code.error.message, /no python code/);
    const choice = await client.choose({ stage: 'judge', messages: judgePrompt(), choices: ['0', '1'] });
    assert.equal(choice.ok ? '' : choice.error.code, 'FLY_LLM_MALFORMED');
    assert.deepEqual(records.map((r) => r.error?.code), ['FLY_LLM_MALFORMED', 'FLY_LLM_MALFORMED', 'FLY_LLM_MALFORMED']);
    assert.ok(records.every((r) => (r.completionTokens ?? 0) > 0), 'the tokens of a malformed answer are still counted');
    assert.equal(client.totals().failedCalls, 3);
    assert.throws(() => orThrow(problem), (err: unknown) => isFlywheelError(err, 'FLY_LLM_MALFORMED'));
  });

  for (const mode of structuredModes) {
    it(`gets a valid problem, judge answer and choice in ${mode} mode`, async () => {
      const { client, bodies } = await use({}, { structuredMode: mode });
      const problem = await client.structured({ stage: 'problem', messages: problemPrompt(), schema: problemSchema });
      assert.equal(problem.ok && problem.value.title, 'Repeated Digit Sum');
      assert.equal(problem.ok && problem.value.examples[0]?.output, '2');
      const judge = await client.structured({ stage: 'judge', messages: judgePrompt(), schema: judgeSchema });
      assert.deepEqual(judge.ok && [judge.value.correct, judge.value.style], [1, 1]);
      const choice = await client.choose({ stage: 'judge', messages: judgePrompt(), choices: ['0', '1'] });
      assert.equal(choice.ok && choice.value, '1');
      const [asked] = bodies;
      if (mode === 'json_schema') {
        assert.deepEqual(asked?.response_format, { type: 'json_schema', json_schema: { name: 'problem', schema: problemSchema.json } });
        assert.deepEqual(bodies[2]?.response_format, { type: 'json_schema', json_schema: { name: 'choice', schema: { type: 'string', enum: ['0', '1'] } } });
      } else if (mode === 'structured_outputs') {
        assert.deepEqual(asked?.structured_outputs, { json: problemSchema.json });
        assert.deepEqual(bodies[2]?.structured_outputs, { choice: ['0', '1'] });
      } else {
        assert.ok(bodies.every((b) => !('response_format' in b) && !('structured_outputs' in b)));
      }
    });
  }

  it('extracts the code of a solution, and marks an answer cut at max_tokens as truncated', async () => {
    const { client } = await use();
    const whole = await client.code({ stage: 'solution', messages: solutionPrompt(), language: 'python' });
    assert.equal(whole.ok && whole.code, 'def digit_root(n: int) -> int:\n    # One round of summing digits (wrong: 38 gives 11).\n    return sum(int(d) for d in str(n))');
    assert.equal(whole.ok && whole.truncated, false);
    const cut = await client.code({ stage: 'solution', messages: solutionPrompt(), language: 'python', settings: { maxTokens: 25 } });
    assert.equal(cut.ok && cut.truncated, true);
    assert.deepEqual(cut.record.finishReasons, ['length']);
  });

  it('streams and asks for several choices', async () => {
    const { client } = await use();
    const streamed = await client.complete({ stage: 'judge', messages: judgePrompt(), stream: true, settings: { n: 3 } });
    const plain = await client.complete({ stage: 'judge', messages: judgePrompt(), settings: { n: 3 } });
    assert.ok(streamed.ok && plain.ok);
    assert.equal(streamed.choices.length, 3);
    assert.deepEqual(streamed.choices, plain.choices);
    assert.equal(streamed.record.stream, true);
    assert.deepEqual(streamed.record.finishReasons, ['stop', 'stop', 'stop']);
    assert.equal(streamed.record.completionTokens, plain.record.completionTokens);
    assert.equal(streamed.record.completionTokens, 3 * countTokens(plain.text));
  });

  it('sums tokens over calls, choices and stages as the server counted them', async () => {
    const { client, standin, records } = await use();
    await client.structured({ stage: 'problem', messages: problemPrompt(), schema: problemSchema, settings: { n: 2 } });
    await client.code({ stage: 'solution', messages: solutionPrompt(), language: 'python', stream: true });
    await client.complete({ stage: 'judge', messages: judgePrompt() });
    await client.complete({ stage: 'judge', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: judgePrompt() }], stream: true });
    const totals = client.totals();
    const stats = standin.stats();
    assert.equal(totals.calls, 4);
    assert.equal(totals.promptTokens, stats.promptTokens);
    assert.equal(totals.completionTokens, stats.completionTokens);
    assert.equal(totals.promptTokens, records.reduce((s, r) => s + (r.promptTokens ?? 0), 0));
    assert.equal(records[2]?.promptTokens, countTokens(judgePrompt()));
    assert.equal(records[3]?.promptTokens, countTokens('Be brief.') + countTokens(judgePrompt()));
    assert.equal(totals.byStage.judge?.calls, 2);
    assert.equal(totals.byStage.judge?.completionTokens, (records[2]?.completionTokens ?? 0) + (records[3]?.completionTokens ?? 0));
    assert.equal(totals.byStage.tests, undefined);
  });

  it('sends the stage\'s sampling settings, vLLM-only ones in the extra body', async () => {
    const { client, bodies } = await use({}, { stages: { solution: { temperature: 0.3, topK: 40, minP: 0.05, repetitionPenalty: 1.1, seed: 42, stop: ['###'] } } });
    await client.complete({ stage: 'solution', messages: solutionPrompt() });
    await client.complete({ stage: 'judge', messages: judgePrompt(), settings: { n: 2 } });
    const [solution, judge] = bodies;
    assert.deepEqual(
      { ...solution, messages: undefined },
      { model: STANDIN_MODEL, messages: undefined, temperature: 0.3, top_p: 0.95, max_tokens: 2048, n: 1, seed: 42, stop: ['###'], top_k: 40, min_p: 0.05, repetition_penalty: 1.1 },
    );
    assert.equal(judge?.temperature, 0);
    assert.equal(judge?.n, 2);
    for (const key of ['top_k', 'min_p', 'repetition_penalty', 'seed', 'stop']) assert.ok(!(key in (judge ?? {})), key);
  });

  it('keeps the answer when the onCall hook throws', async () => {
    const { client } = await use({}, { onCall: () => { throw new Error('database down'); } });
    const outcome = await client.complete({ stage: 'judge', messages: judgePrompt() });
    assert.equal(outcome.ok, true);
  });

  it('lists the served models, and fails as unavailable when nothing listens', async () => {
    const { client } = await use();
    assert.deepEqual(await client.listModels(), [STANDIN_MODEL]);
    const closed = await startFixtureStandin();
    await closed.close();
    const gone = createLlmClient({ baseUrl: closed.url, apiKey: '', model: 'm', concurrency: 1, log: silentLog, sleep: async () => {} });
    await assert.rejects(gone.listModels(), (err: unknown) => isFlywheelError(err, 'FLY_LLM_UNAVAILABLE') && err.details?.attempts === RETRY_TABLE.maxAttempts);
  });

  it('rejects invalid settings when created', () => {
    const base = { baseUrl: 'http://127.0.0.1:1/v1', apiKey: '', model: 'm', concurrency: 1, log: silentLog };
    assert.throws(() => createLlmClient({ ...base, stages: { judge: { temperature: 5 } } }), (err: unknown) => isFlywheelError(err, 'FLY_CONFIG_INVALID'));
    assert.throws(() => createLlmClient({ ...base, baseUrl: '' }), (err: unknown) => isFlywheelError(err, 'FLY_CONFIG_INVALID'));
  });
});
