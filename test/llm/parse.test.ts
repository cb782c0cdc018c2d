import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseChoice, parseJsonLoose, stripTrailingCommas } from '../../src/llm/parse.ts';
import { judgeSchema, problemSchema, validate } from '../../src/llm/schema.ts';
import { readChoice, readStructured } from '../../src/llm/structured.ts';

describe('parseJsonLoose', () => {
  const value = { correct: 1, style: 0, reason: 'names' };

  it('reads plain JSON', () => {
    assert.deepEqual(parseJsonLoose(JSON.stringify(value)), { ok: true, value });
  });

  it('reads JSON inside a fence among prose', () => {
    assert.deepEqual(parseJsonLoose(`Let me think.\n\n\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\`\nDone.`), { ok: true, value });
  });

  it('reads JSON inside prose without a fence', () => {
    assert.deepEqual(parseJsonLoose(`My verdict is ${JSON.stringify(value)} as asked.`), { ok: true, value });
  });

  it('repairs trailing commas but not commas inside strings', () => {
    assert.deepEqual(parseJsonLoose('{"a": [1, 2,], "b": "x,}",\n}'), { ok: true, value: { a: [1, 2], b: 'x,}' } });
    assert.equal(stripTrailingCommas('{"s": "a,]"}'), '{"s": "a,]"}');
  });

  it('skips a bracketed phrase that is not JSON and finds the object after it', () => {
    assert.deepEqual(parseJsonLoose('[see below] {"correct": 1, "style": 1, "reason": "ok"}'), { ok: true, value: { correct: 1, style: 1, reason: 'ok' } });
  });

  it('fails on broken JSON and on prose', () => {
    assert.equal(parseJsonLoose('{"title": "Unfinished", "examples": [1, 2,, }').ok, false);
    assert.equal(parseJsonLoose('no json here').ok, false);
  });
});

describe('parseChoice', () => {
  it('reads a bare digit, a quoted one and one in a sentence', () => {
    assert.deepEqual(parseChoice('1', ['0', '1']), { ok: true, value: '1' });
    assert.deepEqual(parseChoice('"0".', ['0', '1']), { ok: true, value: '0' });
    assert.deepEqual(parseChoice('The answer is 1.', ['0', '1']), { ok: true, value: '1' });
  });

  it('lets the last line decide when the answer mentions both', () => {
    assert.deepEqual(parseChoice('It could be 0 or 1.\nAnswer: 0', ['0', '1']), { ok: true, value: '0' });
  });

  it('fails when it cannot tell', () => {
    assert.equal(parseChoice('either 0 or 1', ['0', '1']).ok, false);
    assert.equal(parseChoice('maybe', ['0', '1']).ok, false);
    assert.equal(parseChoice('10 tests pass', ['0', '1']).ok, false, 'digits inside numbers do not count');
  });
});

describe('schema validation', () => {
  const problem = {
    title: 'T', statement: 'S', signature: 'def f() -> int', examples: [{ input: '', output: '1' }], constraints: [], difficulty: 'easy', tags: ['x'],
  };

  it('accepts a valid problem and judge answer', () => {
    assert.deepEqual(validate(problemSchema.json, problem), []);
    assert.deepEqual(validate(judgeSchema.json, { correct: 0, style: 1, reason: '' }), []);
  });

  it('names every problem with its path', () => {
    const errors = validate(problemSchema.json, { ...problem, title: 3, examples: [{ input: 'x' }], extra: true });
    assert.deepEqual(errors.sort(), ['$.examples[0].output: missing', '$.extra: not allowed', '$.title: expected a string'].sort());
    assert.deepEqual(validate(judgeSchema.json, { correct: 2, style: 0.5, reason: 'r' }), ['$.correct: expected one of 0, 1', '$.style: expected a whole number']);
    assert.deepEqual(validate(problemSchema.json, { ...problem, examples: [] }), ['$.examples: expected at least 1 items']);
  });

  it('reads a structured answer into a failure, not an exception, when it is not the shape', () => {
    const got = readStructured(judgeSchema, '{"correct": "yes"}', 'stop');
    assert.equal(got.ok, false);
    assert.match(got.ok ? '' : got.error, /judge schema.*correct/);
    const cut = readStructured(judgeSchema, '{"correct": 1, "sty', 'length');
    assert.match(cut.ok ? '' : cut.error, /cut off at max_tokens/);
  });

  it('reads a choice given as a JSON string, a number or, in text mode only, a sentence', () => {
    assert.deepEqual(readChoice('json_schema', ['0', '1'], '"1"', 'stop'), { ok: true, value: '1', raw: '"1"' });
    assert.deepEqual(readChoice('structured_outputs', ['0', '1'], '0', 'stop'), { ok: true, value: '0', raw: '0' });
    assert.equal(readChoice('text', ['0', '1'], 'unsure', 'stop').ok, false);
    assert.equal(readChoice('text', ['0', '1'], 'I would say 1.', 'stop').ok, true);
    assert.equal(readChoice('json_schema', ['0', '1'], 'I would say 1.', 'stop').ok, false, 'a constrained answer must be the choice itself');
    assert.equal(readChoice('structured_outputs', ['0', '1'], '{"a": [1, 2,, }', 'stop').ok, false);
  });
});
