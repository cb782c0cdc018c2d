import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFlywheelError } from '../../src/errors.ts';
import { isRetryable, RETRY_TABLE, retryAfterMs, retryDelayMs, type AttemptFailure } from '../../src/llm/retry.ts';
import { defaultStageSettings, parseStageSettings, resolveStageSettings } from '../../src/llm/settings.ts';

const status = (code: number, headers: Record<string, string> = {}): AttemptFailure => ({ kind: 'status', status: code, message: '', headers: new Headers(headers) });

describe('the retry table', () => {
  it('retries connection errors, timeouts, 408, 409, 429 and 5xx, and nothing else', () => {
    for (const code of [408, 409, 429, 500, 502, 503, 504]) assert.equal(isRetryable(status(code)), true, `status ${code}`);
    for (const code of [400, 401, 403, 404, 413, 422]) assert.equal(isRetryable(status(code)), false, `status ${code}`);
    assert.equal(isRetryable({ kind: 'connection', status: null, message: '', headers: null }), true);
    assert.equal(isRetryable({ kind: 'timeout', status: null, message: '', headers: null }), true);
    assert.equal(isRetryable({ kind: 'aborted', status: null, message: '', headers: null }), false);
    assert.equal(isRetryable({ kind: 'other', status: null, message: '', headers: null }), false);
  });

  it('reads retry-after-ms, retry-after in seconds and as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now), 250);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '3' }), now), 3000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }), now), 7000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': 'Tue, 31 Dec 2024 00:00:00 GMT' }), now), 0, 'a date in the past means now');
    assert.equal(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now), null);
    assert.equal(retryAfterMs(new Headers({}), now), null);
  });

  it('honours a server-asked wait up to the cap', () => {
    assert.equal(retryDelayMs(0, status(429, { 'retry-after': '2' })), 2000);
    assert.equal(retryDelayMs(0, status(503, { 'retry-after': '3600' })), RETRY_TABLE.retryAfterCapMs);
  });

  it('backs off exponentially with full jitter under the cap', () => {
    const failure = status(500);
    const top = () => 0.999999;
    assert.equal(retryDelayMs(0, failure, RETRY_TABLE, () => 0), 0, 'full jitter can be zero');
    assert.equal(retryDelayMs(0, failure, RETRY_TABLE, top), RETRY_TABLE.baseDelayMs - 1);
    assert.equal(retryDelayMs(2, failure, RETRY_TABLE, top), RETRY_TABLE.baseDelayMs * 4 - 1);
    assert.equal(retryDelayMs(30, failure, RETRY_TABLE, top), RETRY_TABLE.maxDelayMs - 1);
  });
});

describe('stage settings', () => {
  it('merges overrides over the defaults', () => {
    const s = resolveStageSettings({ judge: { temperature: 0.5 }, problem: { n: 3 } });
    assert.equal(s.judge.temperature, 0.5);
    assert.equal(s.judge.maxTokens, defaultStageSettings.judge.maxTokens);
    assert.equal(s.problem.n, 3);
  });

  it('rejects unknown stages, unknown fields and out-of-range values, naming each', () => {
    assert.throws(() => parseStageSettings('{"judg": {}, "solution": {"temprature": 1, "topP": 0, "n": 1.5, "stop": ["", "x"]}}'), (err: unknown) => {
      assert.ok(isFlywheelError(err, 'FLY_CONFIG_INVALID'));
      for (const part of ['unknown stage "judg"', 'solution.temprature: unknown setting', 'solution.topP', 'solution.n', 'solution.stop']) {
        assert.ok(err.message.includes(part), `${part} in ${err.message}`);
      }
      return true;
    });
    assert.throws(() => parseStageSettings('[1]'), /expected a JSON object/);
    assert.equal(parseStageSettings('').solution.temperature, defaultStageSettings.solution.temperature);
  });
});
