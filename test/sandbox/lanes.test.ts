// The pool's lanes: API checks and rounds share each pool's containers so that neither starves the other, and
// a caller that aborts takes its jobs still queued with it. The scheduling rule on its own first, then against
// the real engine, where every assertion is on order and counts, never on time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import { createLaneQueue, type Queued } from '../../src/sandbox/lanes.ts';
import { createSandbox, type Lane, type Sandbox, type SandboxJob } from '../../src/sandbox/index.ts';
import { requireDocker } from '../helpers/docker.ts';
import { ensureImages, ownContainers, testConfig, testLogger, waitIdle } from './fixtures.ts';

type Item = Queued & { name: string };
const item = (lane: Lane, name: string): Item => ({ lane, seq: 0, name });
const fill = (queue: ReturnType<typeof createLaneQueue<Item>>, lane: Lane, n: number) => {
  for (let i = 0; i < n; i++) queue.push(item(lane, `${lane}${i}`));
};

describe('which lane a free container serves', () => {
  it('while both lanes wait, a free container goes to the lane furthest below its share', () => {
    const queue = createLaneQueue<Item>({ rounds: 0.5, api: 0.5 }, 4);
    fill(queue, 'rounds', 20);
    fill(queue, 'api', 20);
    assert.equal(queue.next({ rounds: 2, api: 0 }, 8)?.lane, 'api');
    assert.equal(queue.next({ rounds: 1, api: 2 }, 8)?.lane, 'rounds');
    // Three quarters for the API: with one container each, the API is further below its share.
    const weighted = createLaneQueue<Item>({ rounds: 0.25, api: 0.75 }, 4);
    fill(weighted, 'rounds', 20);
    fill(weighted, 'api', 20);
    assert.equal(weighted.next({ rounds: 1, api: 1 }, 8)?.lane, 'api');
    assert.equal(weighted.next({ rounds: 0, api: 3 }, 8)?.lane, 'rounds');
  });

  it('at equal standing the lane whose first job came first goes first', () => {
    const queue = createLaneQueue<Item>({ rounds: 0.5, api: 0.5 }, 2);
    queue.push(item('api', 'a0'));
    queue.push(item('rounds', 'r0'));
    queue.push(item('api', 'a1'));
    assert.deepEqual(queue.next({ rounds: 0, api: 0 }, 1)?.items.map((i) => i.name), ['a0']);
    assert.deepEqual(queue.next({ rounds: 0, api: 0 }, 1)?.items.map((i) => i.name), ['r0']);
  });

  it('a lane that has the pool to itself takes batches, but one job at a time on containers beyond its share', () => {
    const queue = createLaneQueue<Item>({ rounds: 0.5, api: 0.5 }, 4);
    fill(queue, 'rounds', 40);
    // No API job yet: the rounds are entitled to the whole pool.
    assert.equal(queue.next({ rounds: 3, api: 0 }, 8)?.items.length, 8);
    queue.push(item('api', 'a0'));
    assert.equal(queue.next({ rounds: 2, api: 0 }, 8)?.lane, 'api');
    // The API lane has been seen: past two containers the rounds borrow, one job at a time.
    assert.equal(queue.next({ rounds: 1, api: 0 }, 8)?.items.length, 8);
    assert.equal(queue.next({ rounds: 2, api: 0 }, 8)?.items.length, 1);
    assert.equal(queue.next({ rounds: 3, api: 0 }, 8)?.items.length, 1);
  });

  it('a lane with no share runs only when the other has nothing waiting', () => {
    const queue = createLaneQueue<Item>({ rounds: 1, api: 0 }, 2);
    fill(queue, 'api', 3);
    fill(queue, 'rounds', 1);
    assert.equal(queue.next({ rounds: 1, api: 0 }, 8)?.lane, 'rounds');
    assert.deepEqual(queue.next({ rounds: 2, api: 0 }, 8)?.items.map((i) => [i.lane, i.name]), [['api', 'api0']]);
  });

  it('a removed job is never handed out, and one already taken cannot be removed', () => {
    const queue = createLaneQueue<Item>({ rounds: 0.5, api: 0.5 }, 1);
    const [a, b] = [item('api', 'a'), item('api', 'b')];
    queue.push(a);
    queue.push(b);
    const taken = queue.next({ rounds: 0, api: 0 }, 1)?.items;
    assert.deepEqual(taken?.map((i) => i.name), ['a']);
    assert.equal(queue.remove(a), false);
    assert.equal(queue.remove(b), true);
    assert.equal(queue.next({ rounds: 0, api: 0 }, 1), null);
    assert.equal(queue.size(), 0);
  });
});

describe('lanes against the real engine', () => {
  let docker: Docker;
  let sandbox: Sandbox;
  const POOL = 2;
  const BATCH = 8;

  before(async () => {
    docker = await requireDocker();
    await ensureImages(docker, ['python']);
    sandbox = await createSandbox({
      config: testConfig({ SANDBOX_POOL_SIZE: String(POOL), SANDBOX_BATCH_SIZE: String(BATCH), VERIFY_SANDBOX_SHARE: '0.5' }),
      log: testLogger(), images: ['python'], handleSignals: false,
    });
  });
  after(async () => {
    await sandbox?.close();
    if (docker) assert.deepEqual(await ownContainers(docker), []);
  });

  const nap: SandboxJob = { image: 'python', files: { 'main.py': 'import time\ntime.sleep(0.1)' }, command: ['python3', 'main.py'] };
  const stats = () => {
    const python = sandbox.stats().images.python;
    assert.ok(python);
    return python;
  };
  const until = async (what: string, done: () => boolean) => {
    const deadline = Date.now() + 60_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen: ${JSON.stringify(stats())}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  /**
   * `flood` jobs of one lane fill the pool; once both containers run them, `few` jobs of the other lane come.
   * Returns how many of the flood finished before the last of the few. One queue for all would make it all 40.
   */
  async function floodThenFew(flooding: Lane, other: Lane): Promise<number> {
    const order: Lane[] = [];
    const submit = (lane: Lane) => sandbox.run(nap, { lane }).then(() => void order.push(lane));
    const flood = Array.from({ length: 40 }, () => submit(flooding));
    await until('the flood filling the pool', () => stats().lanes[flooding].busy === POOL);
    const few = Array.from({ length: 4 }, () => submit(other));
    await Promise.all(few);
    const floodBefore = order.filter((l) => l === flooding).length;
    await Promise.all(flood);
    return floodBefore;
  }

  it('with rounds filling the pool, API jobs get their share of it within a batch', async () => {
    const before = stats().lanes;
    const floodBefore = await floodThenFew('rounds', 'api');
    // Both containers' batches of 8 were under way; then one container goes to the API, the other takes at
    // most one more batch of rounds.
    assert.ok(floodBefore <= POOL * BATCH + BATCH, `${floodBefore} round jobs finished before the API's four`);
    const after = stats().lanes;
    assert.equal(after.api.jobs - before.api.jobs, 4);
    assert.equal(after.rounds.jobs - before.rounds.jobs, 40);
  });

  it('with API checks filling the pool, round jobs get their share of it', async () => {
    const floodBefore = await floodThenFew('api', 'rounds');
    assert.ok(floodBefore <= POOL * BATCH + BATCH, `${floodBefore} API jobs finished before the rounds' four`);
  });

  it('an aborted caller\'s queued jobs are dropped; those a container already took run to their end', async () => {
    await waitIdle(sandbox);
    const before = stats().lanes.api;
    const controller = new AbortController();
    const reason = new Error('caller gone');
    const runs = Array.from({ length: 30 }, () => sandbox.run(nap, { lane: 'api', signal: controller.signal }));
    await until('the first job finishing', () => stats().lanes.api.jobs > before.jobs);
    const ranAtAbort = stats().lanes.api.jobs - before.jobs;
    controller.abort(reason);
    const settled = await Promise.allSettled(runs);
    await waitIdle(sandbox);

    const after = stats().lanes.api;
    const ran = after.jobs - before.jobs;
    const dropped = settled.filter((s) => s.status === 'rejected');
    assert.ok(dropped.every((s) => s.reason === reason), 'a dropped job rejects with the signal\'s reason');
    assert.equal(after.cancelled - before.cancelled, dropped.length);
    assert.equal(ran + dropped.length, 30);
    assert.equal(after.queued, 0);
    // At most the batches the containers held at the abort ran after it.
    assert.ok(ran <= ranAtAbort + POOL * BATCH, `${ran} jobs ran, ${ranAtAbort} before the abort`);
    assert.ok(dropped.length >= 30 - ranAtAbort - POOL * BATCH);
    assert.ok(dropped.length > 0);
  });

  it('a job submitted with a signal already aborted never queues', async () => {
    const before = stats().lanes.api;
    const controller = new AbortController();
    controller.abort(new Error('gone before'));
    await assert.rejects(sandbox.run(nap, { lane: 'api', signal: controller.signal }), /gone before/);
    assert.deepEqual(stats().lanes.api, before);
  });
});
