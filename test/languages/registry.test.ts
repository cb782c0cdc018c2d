// A language is one record in src/languages/registry.ts, and the places a language must also be in (README:
// "Adding a language") are checked here: its implementation, its image, its lint rules, its sections in the
// prompts and its files in the stand-in's bank. A language left out of any of them fails by name.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { extractCode, tagMatches } from '../../src/llm/extract.ts';
import { defaultPromptsDir } from '../../src/llm/index.ts';
import { LANGUAGES, LINT_RULES, generatedLanguages, languageNames, languages, sourceLanguage, targetLanguages } from '../../src/languages/index.ts';
import { defaultBankDir, loadBank, solutionFile, testsFile } from '../../src/standin/bank.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the language registry', () => {
  it('has one source language, at least one target, and every role spelled out', () => {
    assert.equal(sourceLanguage, 'python');
    assert.ok(targetLanguages.length > 0);
    assert.deepEqual([...generatedLanguages].sort(), [sourceLanguage, ...targetLanguages].sort());
    for (const name of languageNames) assert.ok(['source', 'target', 'checks'].includes(LANGUAGES[name].role), name);
  });

  for (const name of languageNames) {
    const info = LANGUAGES[name];
    describe(name, () => {
      it('has an implementation here that runs in its image', () => {
        assert.equal(languages[name]?.name, name);
        assert.equal(languages[name]?.image, info.image);
      });

      it(`has its image under sandbox-images/${info.image}/ with a harness`, () => {
        assert.ok(existsSync(path.join(ROOT, 'sandbox-images', info.image, 'Dockerfile')), 'no Dockerfile');
        assert.ok(readdirSync(path.join(ROOT, 'sandbox-images', info.image, 'harness')).length > 0, 'an empty harness folder');
      });

      it('has rows in the lint rule table', () => {
        assert.ok(LINT_RULES.some((row) => row.language === name && row.severity === 'error'), 'no error rule');
      });

      it('is named by its fence tags alone, and has a file extension', () => {
        assert.equal(info.fenceTags[0], name);
        for (const tag of info.fenceTags) assert.ok(tagMatches(tag.toUpperCase(), name), tag);
        assert.ok(!languageNames.some((other) => other !== name && info.fenceTags.some((tag) => tagMatches(tag, other))), 'a tag shared with another language');
        assert.match(info.extension, /^\.[a-z]+$/);
      });

      const generated = generatedLanguages.find((g) => g === name);
      if (generated !== undefined) {
        it('has its section in every prompt template that has per-language sections', () => {
          for (const file of readdirSync(defaultPromptsDir).filter((f) => f.endsWith('.md'))) {
            const text = readFileSync(path.join(defaultPromptsDir, file), 'utf8');
            for (const variable of ['language', 'target_language']) {
              if (!text.includes(`{{#${variable}=`)) continue;
              assert.ok(text.includes(`{{#${variable}=${name}}}`), `prompts/${file} has no {{#${variable}=${name}}} section`);
            }
          }
        });

        it("has a correct solution and tests in every problem of the stand-in's bank", () => {
          const bank = loadBank(defaultBankDir);
          assert.ok(bank.length > 0);
          for (const entry of bank) {
            for (const file of [solutionFile(generated), testsFile(generated)]) assert.ok(entry.files.has(file), `${entry.id} has no ${file}`);
          }
        });
      }
    });
  }

  it("an answer's code is taken from a fence any language's tag names", () => {
    for (const name of languageNames) {
      const tag = LANGUAGES[name].fenceTags.at(-1) as string;
      const answer = `A plan first:\n\n\`\`\`text\nnot this\n\`\`\`\n\nHere it is:\n\n\`\`\`${tag}\nlet x = 1;\n\`\`\`\n`;
      assert.equal(extractCode(answer, name)?.code, 'let x = 1;', `${name} (${tag})`);
    }
  });
});
