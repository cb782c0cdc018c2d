import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { formatProblem, loadPrompts, type Prompts } from '../../src/llm/prompts.ts';
import { problemSchema, validate } from '../../src/llm/schema.ts';
import { loadBank } from '../../src/standin/bank.ts';
import { countTokens } from '../../src/standin/tokens.ts';
import { createStandinServer, STANDIN_MODEL } from '../../src/standin/server.ts';
import { fixtureBankDir, startFixtureStandin } from './fixtures/index.ts';

interface Completion {
  choices: { index: number; message: { content: string }; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

const bank = loadBank(fixtureBankDir);
const entry = (id: string) => {
  const found = bank.find((e) => e.id === id);
  if (!found) throw new Error(`no fixture ${id}`);
  return found;
};
const fixture = (id: string, file: string) => readFile(path.join(fixtureBankDir, id, file), 'utf8');
const problemText = (id: string) => {
  const e = entry(id);
  return formatProblem({ ...e.problem, examples: e.problem.examples.map((x) => ({ input: String(x.input), output: String(x.output) })) });
};
const codeOf = (text: string) => /```\w*\n([\s\S]*?)\n```/.exec(text)?.[1] ?? '';

async function chat(app: FastifyInstance, content: string, extra: Record<string, unknown> = {}): Promise<{ status: number; body: Completion; headers: Record<string, unknown> }> {
  const res = await app.inject({ method: 'POST', url: '/v1/chat/completions', payload: { model: STANDIN_MODEL, messages: [{ role: 'user', content }], ...extra } });
  return { status: res.statusCode, body: res.json() as Completion, headers: res.headers };
}
const answer = async (app: FastifyInstance, content: string, extra: Record<string, unknown> = {}) => (await chat(app, content, extra)).body.choices[0]?.message.content ?? '';

let prompts: Prompts;
before(async () => {
  prompts = await loadPrompts();
});

describe('stand-in: honesty and protocol', () => {
  it('says in /v1/models that it is a stand-in, not a model', async () => {
    const app = createStandinServer({ bankDir: fixtureBankDir });
    const res = await app.inject({ method: 'GET', url: '/v1/models' });
    const body = res.json() as { object: string; data: { id: string; owned_by: string; object: string }[] };
    assert.equal(body.object, 'list');
    assert.deepEqual(body.data.map((m) => m.id), ['flywheel-standin']);
    assert.match(body.data[0]?.owned_by ?? '', /not a model/);
    assert.match(body.data[0]?.owned_by ?? '', /fixed bank/);
  });

  it('answers 404 for a model it does not serve and 400 for an over-long prompt', async () => {
    const app = createStandinServer({ bankDir: fixtureBankDir, maxContextTokens: 1000 });
    const wrong = await app.inject({ method: 'POST', url: '/v1/chat/completions', payload: { model: 'gpt-x', messages: [{ role: 'user', content: 'hi' }] } });
    assert.equal(wrong.statusCode, 404);
    const long = await chat(app, 'x'.repeat(4000), { max_tokens: 10 });
    assert.equal(long.status, 400);
    assert.match(JSON.stringify(long.body), /maximum context length is 1000 tokens/);
  });

  it('counts tokens as ceil(characters / 4), summed over messages and over choices', async () => {
    const app = createStandinServer({ bankDir: fixtureBankDir });
    const messages = [{ role: 'system', content: 'You are exact.' }, { role: 'user', content: prompts.problem.render({ topic: 't', difficulty: 'easy', snippet: '', snippet_language: '' }) }];
    const res = await app.inject({ method: 'POST', url: '/v1/chat/completions', payload: { model: STANDIN_MODEL, messages, n: 3 } });
    const body = res.json() as Completion;
    assert.equal(body.choices.length, 3);
    assert.equal(body.usage.prompt_tokens, messages.reduce((s, m) => s + Math.ceil(m.content.length / 4), 0));
    assert.equal(body.usage.completion_tokens, body.choices.reduce((s, c) => s + countTokens(c.message.content), 0));
    assert.equal(body.usage.total_tokens, body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it('cuts an answer at max_tokens with finish_reason length, and at a stop sequence', async () => {
    const app = createStandinServer({ bankDir: fixtureBankDir });
    const prompt = prompts.problem.render({ topic: 't', difficulty: 'easy', snippet: '', snippet_language: '' });
    const cut = await chat(app, prompt, { max_tokens: 5 });
    assert.equal(cut.body.choices[0]?.finish_reason, 'length');
    assert.equal(cut.body.choices[0]?.message.content.length, 20);
    const stopped = await chat(app, prompt, { stop: ['```'] });
    assert.equal(stopped.body.choices[0]?.message.content, 'Here is a new exercise.\n\n');
    assert.equal(stopped.body.choices[0]?.finish_reason, 'stop');
  });
});

describe('stand-in: answers from the bank', () => {
  const problemPrompt = () => prompts.problem.render({ topic: 'anything', difficulty: 'easy', snippet: '', snippet_language: '' });

  it('serves problems in bank order and starts again when the bank is used up', async () => {
    const app = createStandinServer({ bankDir: fixtureBankDir });
    const titles: string[] = [];
    for (let i = 0; i < 4; i++) {
      const text = await answer(app, problemPrompt(), { response_format: { type: 'json_schema', json_schema: { name: 'problem', schema: problemSchema.json } } });
      const json = JSON.parse(text) as { title: string };
      assert.deepEqual(validate(problemSchema.json, json), []);
      titles.push(json.title);
    }
    assert.deepEqual(titles, ['Repeated Digit Sum', 'Count the Vowels', 'Largest Gap Between Neighbours', 'Repeated Digit Sum']);
  });

  it('answers pure JSON under json_schema and structured_outputs, fenced JSON in prose otherwise', async () => {
    const app = createStandinServer({ bankDir: fixtureBankDir });
    const viaSchema = await answer(app, problemPrompt(), { response_format: { type: 'json_schema', json_schema: { name: 'p', schema: problemSchema.json } } });
    assert.doesNotThrow(() => JSON.parse(viaSchema));
    const viaVllm = await answer(app, problemPrompt(), { structured_outputs: { json: problemSchema.json } });
    assert.doesNotThrow(() => JSON.parse(viaVllm));
    const plain = await answer(app, problemPrompt());
    assert.throws(() => JSON.parse(plain));
    assert.match(plain, /^Here is a new exercise\.\n\n```json\n\{/);
  });

  it('gives the flawed first solution, then the correct one when asked to revise it', async () => {
    const app = createStandinServer({ bankDir: fixtureBankDir });
    const problem = problemText('add-digits');
    const signature = entry('add-digits').problem.signature;
    const first = codeOf(await answer(app, prompts.solution.render({ language: 'python', problem, signature })));
    assert.equal(first, (await fixture('add-digits', 'flawed/solution.py')).trimEnd());
    const tests = await fixture('add-digits', 'test_solution.py');
    const revised = await answer(app, prompts.revise.render({ language: 'python', problem, signature, solution: first, tests, feedback: 'test_two_rounds failed' }));
    assert.match(revised, /^FIX: solution\n/);
    assert.equal(codeOf(revised), (await fixture('add-digits', 'solution.py')).trimEnd());
  });

  it('gives flawed tests where the flaw is in the tests, and fixes the tests on revision', async () => {
    const app = createStandinServer({ bankDir: fixtureBankDir });
    const problem = problemText('add-digits');
    const signature = entry('add-digits').problem.signature;
    const solution = await fixture('add-digits', 'solution.php');
    const tests = codeOf(await answer(app, prompts.tests.render({ language: 'php', problem, signature, solution })));
    assert.equal(tests, (await fixture('add-digits', 'flawed/test_solution.php')).trimEnd());
    const revised = await answer(app, prompts.revise.render({ language: 'php', problem, signature, solution, tests, feedback: 'test_two_rounds failed' }));
    assert.match(revised, /^FIX: tests\n/);
    assert.equal(codeOf(revised), (await fixture('add-digits', 'test_solution.php')).trimEnd());
  });

  it('answers a never-fixed flaw with its revisions in order, all still wrong, then the last again', async () => {
    const app = createStandinServer({ bankDir: fixtureBankDir });
    const problem = problemText('largest-gap');
    const signature = entry('largest-gap').problem.signature;
    const tests = await fixture('largest-gap', 'test_solution.php');
    let code = codeOf(await answer(app, prompts.solution.render({ language: 'php', problem, signature })));
    assert.equal(code, (await fixture('largest-gap', 'flawed/solution.php')).trimEnd());
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const revised = await answer(app, prompts.revise.render({ language: 'php', problem, signature, solution: code, tests, feedback: 'failed' }));
      assert.match(revised, /^FIX: solution/);
      code = codeOf(revised);
      seen.push(code);
    }
    const r1 = (await fixture('largest-gap', 'flawed/solution-r1.php')).trimEnd();
    const r2 = (await fixture('largest-gap', 'flawed/solution-r2.php')).trimEnd();
    assert.deepEqual(seen, [r1, r2, r2]);
  });

  it('judges the ugly first solution style 0 with the bank reason, and the revised one 1/1', async () => {
    const app = createStandinServer({ bankDir: fixtureBankDir });
    const problem = problemText('count-vowels');
    const signature = entry('count-vowels').problem.signature;
    const ugly = codeOf(await answer(app, prompts.solution.render({ language: 'python', problem, signature })));
    assert.equal(ugly, (await fixture('count-vowels', 'flawed/solution.py')).trimEnd());
    const schema = { response_format: { type: 'json_schema', json_schema: { name: 'judge', schema: {} } } };
    const first = JSON.parse(await answer(app, prompts.judge.render({ language: 'python', problem, solution: ugly }), schema)) as { reason: string };
    const feedback = first.reason;
    assert.deepEqual(first, entry('count-vowels').judge?.python?.first);
    const revised = codeOf(await answer(app, prompts.revise.render({ language: 'python', problem, signature, solution: ugly, tests: '', feedback })));
    assert.equal(revised, (await fixture('count-vowels', 'solution.py')).trimEnd());
    const second = JSON.parse(await answer(app, prompts.judge.render({ language: 'python', problem, solution: revised }), schema));
    assert.deepEqual([second.correct, second.style], [1, 1]);
  });

  it('judges the first answer of a language without flaws by the bank verdict, here as a 0/1 choice', async () => {
    const app = createStandinServer({ bankDir: fixtureBankDir });
    const judge = (id: string, solution: string) => prompts.judge.render({ language: 'python', problem: problemText(id), solution });
    const choice = { structured_outputs: { choice: ['0', '1'] } };
    assert.equal(await answer(app, judge('largest-gap', await fixture('largest-gap', 'solution.py')), choice), '0');
    assert.equal(await answer(app, judge('add-digits', await fixture('add-digits', 'solution.py')), choice), '1', 'no verdict in the bank: correct');
    const quoted = await answer(app, judge('largest-gap', 'x'), { response_format: { type: 'json_schema', json_schema: { name: 'c', schema: { type: 'string', enum: ['0', '1'] } } } });
    assert.equal(quoted, '"0"', 'an enum schema is answered as a JSON string');
  });

  it('translates into two target-language blocks, flawed where the bank has a flaw for that language', async () => {
    const app = createStandinServer({ bankDir: fixtureBankDir });
    const text = await answer(app, prompts.translate.render({
      source_language: 'python', target_language: 'php', problem: problemText('add-digits'), signature: entry('add-digits').problem.signature,
      solution: await fixture('add-digits', 'solution.py'), tests: await fixture('add-digits', 'test_solution.py'),
    }));
    const blocks = [...text.matchAll(/```php\n([\s\S]*?)\n```/g)].map((m) => m[1]);
    assert.deepEqual(blocks, [(await fixture('add-digits', 'solution.php')).trimEnd(), (await fixture('add-digits', 'flawed/test_solution.php')).trimEnd()]);
  });

  it('says it has no code for a problem it does not know and for a prompt that is not ours', async () => {
    const app = createStandinServer({ bankDir: fixtureBankDir });
    const unknown = await answer(app, prompts.solution.render({ language: 'python', problem: 'Title: Something Else', signature: 'def g()' }));
    assert.doesNotMatch(unknown, /```/);
    assert.match(await answer(app, 'Write me a poem.'), /not a model/);
  });

  it('serves every problem of the project bank as a valid problem JSON', async () => {
    const projectBank = loadBank();
    assert.ok(projectBank.length >= 3);
    const app = createStandinServer();
    for (let i = 0; i < projectBank.length; i++) {
      const json = JSON.parse(await answer(app, problemPrompt(), { structured_outputs: { json: problemSchema.json } }));
      assert.deepEqual(validate(problemSchema.json, json), [], `problem ${i}`);
      assert.equal(json.title, projectBank[i]?.problem.title);
    }
  });
});

describe('stand-in: streaming', () => {
  let standin: Awaited<ReturnType<typeof startFixtureStandin>>;
  before(async () => {
    standin = await startFixtureStandin();
  });
  after(() => standin.close());

  it('streams SSE chunks per choice, a usage chunk when asked, then [DONE], adding up to the plain answer', async () => {
    const prompt = prompts.judge.render({ language: 'python', problem: problemText('largest-gap'), solution: 'x' });
    const res = await fetch(`${standin.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: STANDIN_MODEL, messages: [{ role: 'user', content: prompt }], n: 2, stream: true, stream_options: { include_usage: true } }),
    });
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    const events = (await res.text()).split('\n\n').filter((e) => e !== '');
    assert.ok(events.every((e) => e.startsWith('data: ')));
    assert.equal(events[events.length - 1], 'data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)) as { object: string; choices: { index: number; delta: { content?: string }; finish_reason: string | null }[]; usage?: Completion['usage'] });
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk'));
    const texts = ['', ''];
    const finish: (string | null)[] = [null, null];
    for (const c of chunks) {
      for (const ch of c.choices) {
        texts[ch.index] += ch.delta.content ?? '';
        if (ch.finish_reason) finish[ch.index] = ch.finish_reason;
      }
    }
    const usage = chunks[chunks.length - 1]?.usage;
    assert.deepEqual(finish, ['stop', 'stop']);
    assert.equal(texts[0], texts[1]);
    assert.match(texts[0] ?? '', /"correct":0,"style":1/);
    assert.equal(usage?.completion_tokens, 2 * countTokens(texts[0] ?? ''));
    assert.equal(usage?.prompt_tokens, countTokens(prompt));
  });
});

describe('stand-in: faults', () => {
  const prompt = () => prompts.problem.render({ topic: 't', difficulty: 'easy', snippet: '', snippet_language: '' });

  it('meets the same faults in the same order for the same seed', async () => {
    const statuses = async (seed: number) => {
      const app = createStandinServer({ bankDir: fixtureBankDir, faults: { failRate: 0.3, rateLimitRate: 0.3, seed } });
      const out: number[] = [];
      for (let i = 0; i < 30; i++) out.push((await chat(app, prompt())).status);
      return out;
    };
    const a = await statuses(7);
    assert.deepEqual(await statuses(7), a);
    assert.notDeepEqual(await statuses(8), a);
    assert.ok(a.includes(500) && a.includes(429) && a.includes(200), a.join(','));
  });

  it('answers 500 at fail-rate 1 and 429 with retry-after and retry-after-ms at rate-limit-rate 1', async () => {
    const failing = createStandinServer({ bankDir: fixtureBankDir, faults: { failRate: 1 } });
    assert.equal((await chat(failing, prompt())).status, 500);
    const limited = createStandinServer({ bankDir: fixtureBankDir, faults: { rateLimitRate: 1, retryAfterMs: 1500 } });
    const res = await chat(limited, prompt());
    assert.equal(res.status, 429);
    assert.equal(res.headers['retry-after'], '2');
    assert.equal(res.headers['retry-after-ms'], '1500');
  });

  it('breaks or cuts answers on request', async () => {
    const malformed = createStandinServer({ bankDir: fixtureBankDir, faults: { malformedRate: 1 } });
    const broken = await answer(malformed, prompt(), { structured_outputs: { json: problemSchema.json } });
    assert.throws(() => JSON.parse(broken));
    const noCode = await answer(malformed, prompts.solution.render({ language: 'python', problem: problemText('add-digits'), signature: 's' }));
    assert.doesNotMatch(noCode, /```|def /);
    const truncating = createStandinServer({ bankDir: fixtureBankDir, faults: { truncateRate: 1 } });
    const full = await answer(createStandinServer({ bankDir: fixtureBankDir }), prompt());
    const cut = await chat(truncating, prompt());
    assert.equal(cut.body.choices[0]?.finish_reason, 'length');
    assert.equal(cut.body.choices[0]?.message.content, full.slice(0, Math.ceil(full.length / 2)));
  });

  it('drops the connection mid-request', async () => {
    const standin = await startFixtureStandin({ faults: { dropRate: 1 } });
    try {
      const request = (stream: boolean) => fetch(`${standin.url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: STANDIN_MODEL, messages: [{ role: 'user', content: prompt() }], stream }),
      }).then((res) => res.text());
      await assert.rejects(request(false));
      await assert.rejects(request(true), 'a stream is cut after its first chunk');
      assert.equal(standin.stats().faults.dropped, 2);
    } finally {
      await standin.close();
    }
  });
});
