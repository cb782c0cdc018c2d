// keysetPages: every row once and in order; the next page is asked for only once the one before it is taken
// (one page ahead, never more); a failed read reaches the consumer; a consumer that leaves early asks for
// nothing more, and a read still in flight then failing harms no one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keysetPages } from '../../src/export/pages.ts';

/** Rows with ids 1..n read as keyset pages, noting each `after` asked for. */
function table(n: number, options: { failAfter?: number; delayMs?: number } = {}) {
  const asked: number[] = [];
  const read = async (after: number, limit: number) => {
    asked.push(after);
    await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 1));
    if (options.failAfter !== undefined && after >= options.failAfter) throw new Error(`read after ${after} failed`);
    return Array.from({ length: Math.max(0, Math.min(limit, n - after)) }, (_, i) => ({ id: after + i + 1 }));
  };
  return { asked, read };
}

describe('keysetPages', () => {
  it('hands over every row once, in order, a page at a time', async () => {
    const { asked, read } = table(1005);
    const pages: number[][] = [];
    for await (const page of keysetPages((after) => read(after, 100), 100)) pages.push(page.map((r) => r.id));
    assert.deepEqual(pages.flat(), Array.from({ length: 1005 }, (_, i) => i + 1));
    assert.deepEqual(pages.map((p) => p.length), [...Array(10).fill(100), 5]);
    // A short page is the last: nothing is read after it.
    assert.deepEqual(asked, [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('reads one page ahead of the consumer and no more, however long the consumer takes', async () => {
    const { asked, read } = table(10_000);
    let taken = 0;
    for await (const _page of keysetPages((after) => read(after, 100), 100)) {
      taken++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(asked.length, taken + 1, `${asked.length} pages asked for while the consumer held page ${taken}`);
      if (taken === 5) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(asked.length, 6);
  });

  it('a failed read reaches the consumer after the pages before it', async () => {
    const { read } = table(1000, { failAfter: 300 });
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const page of keysetPages((after) => read(after, 100), 100)) seen.push(...page.map((r) => r.id));
    }, /read after 300 failed/);
    assert.deepEqual(seen, Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it('a consumer that leaves while the page ahead is failing sees no unhandled rejection', async () => {
    const { read } = table(1000, { failAfter: 100, delayMs: 5 });
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      for await (const _page of keysetPages((after) => read(after, 100), 100)) break;
      await new Promise((resolve) => setTimeout(resolve, 30));
    } finally {
      process.removeListener('unhandledRejection', note);
    }
    assert.deepEqual(unhandled, []);
  });

  it('an empty table ends at once', async () => {
    const { asked, read } = table(0);
    const pages: unknown[] = [];
    for await (const page of keysetPages((after) => read(after, 10), 10)) pages.push(page);
    assert.deepEqual([pages, asked], [[], [0]]);
  });
});
