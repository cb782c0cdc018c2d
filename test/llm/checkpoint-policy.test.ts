// The rules on checkpoints' key variables and hosts, and the settings that carry them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { isFlywheelError } from '../../src/errors.ts';
import { checkKeyVar, hostAllowed, keyVarAllowed, type CheckpointPolicy } from '../../src/llm/checkpoint-policy.ts';

const policy = (keyVars: string[], hosts: string[] = []): CheckpointPolicy => ({ checkpointKeyVars: keyVars, checkpointHosts: hosts });

describe('checkpoint policy', () => {
  it('LLM_API_KEY is always allowed; other names only as CHECKPOINT_KEY_VARS says, exactly or by prefix', () => {
    assert.equal(keyVarAllowed('LLM_API_KEY', policy([])), true);
    assert.equal(keyVarAllowed('LLM_KEY_A', policy([])), false);
    assert.equal(keyVarAllowed('LLM_KEY_A', policy(['LLM_KEY_*'])), true);
    assert.equal(keyVarAllowed('LLM_KEYS', policy(['LLM_KEY_*'])), false);
    assert.equal(keyVarAllowed('ROUND_TOKEN', policy(['ROUND_TOKEN'])), true);
    assert.equal(keyVarAllowed('ROUND_TOKEN_2', policy(['ROUND_TOKEN'])), false);
  });

  it("the service's own secrets are never a key, whatever a prefix allows", () => {
    const loose = policy(['DATABASE_*', 'FLYWHEEL_*', 'DATABASE_URL']);
    assert.equal(keyVarAllowed('DATABASE_URL', loose), false);
    assert.equal(keyVarAllowed('FLYWHEEL_API_TOKEN', loose), false);
    assert.equal(keyVarAllowed('FLYWHEEL_MODEL_KEY', loose), true);
    assert.throws(() => checkKeyVar('DATABASE_URL', loose), (err: unknown) => isFlywheelError(err, 'FLY_CHECKPOINT_KEY_FORBIDDEN') && /never DATABASE_URL or FLYWHEEL_API_TOKEN/.test(err.message));
  });

  it('a host entry without a port allows every port; with one, that port only (the scheme default counts)', () => {
    const p = policy([], ['vllm', 'gpu-7:8000', 'secure:443', '[::1]:9000', '10.0.0.7']);
    assert.equal(hostAllowed(new URL('http://vllm:1234/v1'), p), true);
    assert.equal(hostAllowed(new URL('http://VLLM/v1'), p), true);
    assert.equal(hostAllowed(new URL('http://gpu-7:8000/v1'), p), true);
    assert.equal(hostAllowed(new URL('http://gpu-7:8001/v1'), p), false);
    assert.equal(hostAllowed(new URL('http://gpu-7/v1'), p), false);
    assert.equal(hostAllowed(new URL('https://secure/v1'), p), true);
    assert.equal(hostAllowed(new URL('http://secure/v1'), p), false);
    assert.equal(hostAllowed(new URL('http://[::1]:9000/v1'), p), true);
    assert.equal(hostAllowed(new URL('http://[0:0::1]:9000/v1'), p), true);
    assert.equal(hostAllowed(new URL('http://0x0a.0.0.7/v1'), p), true);
    assert.equal(hostAllowed(new URL('http://vllm.evil.example/v1'), p), false);
    assert.equal(hostAllowed(new URL('http://anything/v1'), policy([])), true);
  });

  it('the settings parse as lists and refuse entries that are not names or hosts', () => {
    const config = loadConfig({ CHECKPOINT_KEY_VARS: 'LLM_KEY_*, ROUND_TOKEN,', CHECKPOINT_HOSTS: 'vllm:8000,gpu-7', BENCHMARK_DIRS: '/srv/a,/srv/b' });
    assert.deepEqual(config.checkpointKeyVars, ['LLM_KEY_*', 'ROUND_TOKEN']);
    assert.deepEqual(config.checkpointHosts, ['vllm:8000', 'gpu-7']);
    assert.deepEqual(config.benchmarkDirs, ['/srv/a', '/srv/b']);
    for (const [env, value] of [['CHECKPOINT_KEY_VARS', '*'], ['CHECKPOINT_KEY_VARS', 'A-B'], ['CHECKPOINT_HOSTS', 'http://vllm:8000'], ['CHECKPOINT_HOSTS', 'vllm/v1']] as const) {
      assert.throws(() => loadConfig({ [env]: value }), (err: unknown) => isFlywheelError(err, 'FLY_CONFIG_INVALID') && err.message.includes(env), `${env}=${value}`);
    }
  });
});
