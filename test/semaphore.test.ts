// The counting semaphore of the model client and of `flywheel verify`: bounded, ordered by priority, refusing a
// limit that is not a whole number >= 1.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFlywheelError } from '../src/errors.ts';
import { createSemaphore } from '../src/semaphore.ts';

describe('createSemaphore', () => {
  it('never runs more than its limit at once and runs everything', async () => {
    const semaphore = createSemaphore(3);
    let running = 0;
    let most = 0;
    const done = await Promise.all(Array.from({ length: 50 }, (_, i) => semaphore.run(async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setImmediate(r));
      running--;
      return i;
    })));
    assert.equal(most, 3);
    assert.deepEqual(done, Array.from({ length: 50 }, (_, i) => i));
    assert.equal(semaphore.inFlight, 0);
  });

  it('hands a freed slot to the highest priority waiting, first come first served among equals', async () => {
    const semaphore = createSemaphore(1);
    const order: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const first = semaphore.run(() => gate);
    const waiting = [['problem-a', 0], ['judge-a', 5], ['problem-b', 0], ['revise', 4], ['judge-b', 5]] as const;
    const runs = waiting.map(([name, priority]) => semaphore.run(async () => void order.push(name), priority));
    open();
    await Promise.all([first, ...runs]);
    assert.deepEqual(order, ['judge-a', 'judge-b', 'revise', 'problem-a', 'problem-b']);
  });

  it('releases the slot of a task that throws', async () => {
    const semaphore = createSemaphore(1);
    await assert.rejects(semaphore.run(async () => { throw new Error('boom'); }));
    assert.equal(await semaphore.run(async () => 'next'), 'next');
  });

  it('refuses a limit that is not a whole number >= 1, with a code', () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => createSemaphore(limit), (err: unknown) => isFlywheelError(err, 'FLY_CONFIG_INVALID') && /whole number >= 1/.test((err as Error).message), String(limit));
    }
  });
});
