// readAhead: every row once and in order, in whole batches; a source's error reaches the consumer; a
// consumer that leaves early ends the source; and no more than two batches are ever waiting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAhead } from '../../src/export/read-ahead.ts';

async function* numbers(n: number, options: { failAt?: number; onReturn?: () => void; pulled?: { count: number } } = {}): AsyncGenerator<number> {
  try {
    for (let i = 0; i < n; i++) {
      if (i === options.failAt) throw new Error(`source failed at ${i}`);
      if (options.pulled) options.pulled.count++;
      // A batch boundary every 10 rows is an I/O wait, like the cursor's fetches.
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      yield i;
    }
  } finally {
    options.onReturn?.();
  }
}

describe('readAhead', () => {
  it('hands over every row once, in order, in batches of at least the batch size but the last', async () => {
    const batches: number[][] = [];
    for await (const batch of readAhead(numbers(1005), 100)) batches.push(batch);
    assert.deepEqual(batches.flat(), Array.from({ length: 1005 }, (_, i) => i));
    assert.ok(batches.slice(0, -1).every((b) => b.length >= 100 && b.length <= 200), batches.map((b) => b.length).join(','));
  });

  it('an error of the source reaches the consumer after the rows before it', async () => {
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const batch of readAhead(numbers(100, { failAt: 37 }), 10)) seen.push(...batch);
    }, /source failed at 37/);
    assert.deepEqual(seen, Array.from({ length: 37 }, (_, i) => i));
  });

  it('a consumer that leaves early ends the source, and the pump never runs more than two batches ahead', async () => {
    let ended = false;
    const pulled = { count: 0 };
    for await (const batch of readAhead(numbers(100_000, { onReturn: () => (ended = true), pulled }), 50)) {
      assert.ok(batch.length >= 50);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(pulled.count <= 50 * 4, `pulled ${pulled.count} rows while one batch was being read`);
      break;
    }
    assert.equal(ended, true);
  });

  it('an empty source ends at once', async () => {
    const batches: number[][] = [];
    for await (const batch of readAhead(numbers(0), 10)) batches.push(batch);
    assert.deepEqual(batches, []);
  });
});
