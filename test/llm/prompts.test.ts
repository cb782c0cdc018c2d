import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isFlywheelError } from '../../src/errors.ts';
import { defaultPromptsDir, formatProblem, loadPrompts, renderTemplate, stageMarker } from '../../src/llm/prompts.ts';
import { stages } from '../../src/llm/settings.ts';

const problem = formatProblem({
  title: 'Repeated Digit Sum',
  statement: 'Sum the digits until one is left.',
  signature: 'def digit_root(n: int) -> int',
  examples: [{ input: 'n = 38', output: '2', explanation: '3 + 8 = 11' }],
  constraints: ['0 <= n'],
});

describe('prompt templates', () => {
  it('loads every stage with the sha256 of its file as version', async () => {
    const prompts = await loadPrompts();
    for (const stage of stages) {
      const content = await readFile(path.join(defaultPromptsDir, `${stage}.md`));
      assert.equal(prompts[stage].version, createHash('sha256').update(content).digest('hex').slice(0, 12), stage);
      assert.match(prompts[stage].version, /^[0-9a-f]{12}$/);
    }
  });

  it('changes a version when its file changes, and only that one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'prompts-'));
    try {
      await cp(defaultPromptsDir, dir, { recursive: true });
      const before = await loadPrompts(dir);
      await writeFile(path.join(dir, 'judge.md'), `${await readFile(path.join(dir, 'judge.md'), 'utf8')}\nBe strict.\n`);
      const after = await loadPrompts(dir);
      assert.notEqual(after.judge.version, before.judge.version);
      assert.equal(after.solution.version, before.solution.version);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a template with an unknown placeholder or without its marker', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'prompts-'));
    try {
      await cp(defaultPromptsDir, dir, { recursive: true });
      await writeFile(path.join(dir, 'tests.md'), `${stageMarker('tests')}\n{{language}} {{solutoin}}\n`);
      await writeFile(path.join(dir, 'judge.md'), 'no marker {{language}}\n');
      await assert.rejects(loadPrompts(dir), (err: unknown) => {
        assert.ok(isFlywheelError(err, 'FLY_CONFIG_INVALID'));
        assert.match(err.message, /tests\.md: unknown variable \{\{solutoin\}\}/);
        assert.match(err.message, /judge\.md: must start with \[flywheel:judge\]/);
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ships at least 80 topics and the difficulties', async () => {
    const prompts = await loadPrompts();
    assert.ok(prompts.topics.length >= 80, `${prompts.topics.length} topics`);
    assert.equal(new Set(prompts.topics).size, prompts.topics.length, 'no topic twice');
    assert.deepEqual(prompts.difficulties, ['easy', 'medium', 'hard']);
  });

  it('renders the problem prompt with and without a snippet', async () => {
    const prompts = await loadPrompts();
    const seeded = prompts.problem.render({ topic: 'tries', difficulty: 'hard', snippet: 'def walk(node): ...', snippet_language: 'python' });
    assert.ok(seeded.startsWith('[flywheel:problem]'));
    assert.match(seeded, /Topic: tries/);
    assert.match(seeded, /```python\ndef walk\(node\): \.\.\.\n```/);
    assert.match(seeded, /"difficulty": "hard"/);
    const unseeded = prompts.problem.render({ topic: 'tries', difficulty: 'easy', snippet: '', snippet_language: '' });
    assert.doesNotMatch(unseeded, /inspire|```/);
    assert.doesNotMatch(unseeded, /\{\{/);
  });

  it('states the test convention of the language asked for, and only that one', async () => {
    const prompts = await loadPrompts();
    const base = { problem, signature: 'def digit_root(n: int) -> int', solution: 'x' };
    const python = prompts.tests.render({ ...base, language: 'python' });
    assert.match(python, /def test_<case>\(\):/);
    assert.match(python, /names are already in scope/);
    assert.doesNotMatch(python, /<\?php|node:assert/);
    const php = prompts.tests.render({ ...base, language: 'php' });
    assert.match(php, /`<\?php`/);
    assert.match(php, /function test_<case>\(\): void \{ assert\(\.\.\.\); \}/);
    assert.match(php, /already required/);
    assert.doesNotMatch(php, /def test_/);
    const ts = prompts.tests.render({ ...base, language: 'typescript' });
    assert.match(ts, /import assert from 'node:assert\/strict';/);
    assert.match(ts, /function test_<case>\(\): void/);
    assert.match(ts, /named exports are already in scope: do not import from '.\/solution'/);
    for (const text of [python, php, ts]) assert.doesNotMatch(text, /\{\{/);
  });

  it('asks translations for both files in the target convention, with its naming rule', async () => {
    const prompts = await loadPrompts();
    const text = prompts.translate.render({
      source_language: 'python', target_language: 'typescript', problem, signature: 'def digit_root(n: int) -> int', solution: 's', tests: 't',
    });
    assert.match(text, /^Source language: python$/m);
    assert.match(text, /^Target language: typescript$/m);
    assert.match(text, /camelCase/);
    assert.match(text, /import assert from 'node:assert\/strict';/);
    assert.match(text, /two fenced code blocks/);
    assert.doesNotMatch(text, /<\?php/);
  });

  it('asks revisions for a FIX line and judges for 0/1 JSON', async () => {
    const prompts = await loadPrompts();
    const revise = prompts.revise.render({ language: 'php', problem, signature: 's', solution: 'a', tests: 'b', feedback: 'exit code 1' });
    assert.match(revise, /`FIX: solution` or `FIX: tests`/);
    assert.match(revise, /exit code 1/);
    const judge = prompts.judge.render({ language: 'python', problem, solution: 'code' });
    assert.match(judge, /"correct": 0 or 1, "style": 0 or 1, "reason"/);
    assert.match(judge, /Title: Repeated Digit Sum/);
  });

  it('fills values verbatim, even when they contain braces', () => {
    assert.equal(renderTemplate('a {{x}} b', { x: '{{y}} $& $1' }), 'a {{y}} $& $1 b');
    assert.equal(renderTemplate('{{#l=php}}P{{/l}}{{#l=python}}Y{{/l}}', { l: 'python' }), 'Y');
    assert.equal(renderTemplate('{{#s}}\nhas {{s}}\n{{/s}}\nend', { s: 'v' }), 'has v\nend');
    assert.equal(renderTemplate('{{#s}}\nhas {{s}}\n{{/s}}\nend', { s: '' }), 'end');
    assert.throws(() => renderTemplate('{{missing}}', {}), /missing/);
  });

  it('formats a problem with its title, signature, examples and constraints', () => {
    assert.equal(problem, [
      'Title: Repeated Digit Sum', '', 'Sum the digits until one is left.', '', 'Signature: def digit_root(n: int) -> int', '',
      'Example 1:\nInput: n = 38\nOutput: 2\nExplanation: 3 + 8 = 11', '', 'Constraints:', '- 0 <= n',
    ].join('\n'));
  });
});
