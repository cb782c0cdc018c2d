// A pool's job queue, one per lane, and which lane a free container serves next. Each lane is entitled to its
// share of the pool's containers; a free container goes to the waiting lane that holds the smallest part of
// its entitlement, so while both lanes have work each gets its share within one batch. A lane alone may use
// every container, but on the ones beyond its share it takes one job at a time: when the other lane's work
// arrives it gets those containers back within one job, not one batch.
import type { Config } from '../config.ts';
import { LANES, perLane, type Lane } from './types.ts';

export interface Queued {
  lane: Lane;
  /** Arrival order, set by push; kept when a job goes back to the front of its lane. */
  seq: number;
}

export interface LaneQueue<T extends Queued> {
  push(item: T): void;
  /** Back to the front of its lane (jobs of a batch that never started). */
  unshift(item: T): void;
  /** Removes an item still waiting; false when a container already took it. */
  remove(item: T): boolean;
  /** The lane a free container serves and the jobs it takes (at most `most`); null when nothing waits. */
  next(running: Record<Lane, number>, most: number): { lane: Lane; items: T[] } | null;
  size(lane?: Lane): number;
  /** Empties every lane, returning what waited. */
  drain(): T[];
}

/** The share of each pool's containers per lane. */
export function laneShares(config: Pick<Config, 'verifySandboxShare'>): Record<Lane, number> {
  return { rounds: 1 - config.verifySandboxShare, api: config.verifySandboxShare };
}

export function createLaneQueue<T extends Queued>(shares: Record<Lane, number>, poolSize: number): LaneQueue<T> {
  const queues = perLane((): T[] => []);
  // A lane that never had a job holds no share: a process without API traffic (`flywheel run`, `verify`)
  // keeps the whole pool for its rounds, batches and all.
  const seen = new Set<Lane>();
  let seq = 0;

  /** Containers the lane is entitled to: its share of the pool among the lanes that have had jobs. */
  const entitled = (lane: Lane): number => {
    const total = [...seen].reduce((sum, l) => sum + shares[l], 0);
    return total > 0 ? (poolSize * shares[lane]) / total : poolSize;
  };

  return {
    push(item) {
      item.seq = seq++;
      seen.add(item.lane);
      queues[item.lane].push(item);
    },
    unshift(item) {
      queues[item.lane].unshift(item);
    },
    remove(item) {
      const queue = queues[item.lane];
      const at = queue.indexOf(item);
      if (at < 0) return false;
      queue.splice(at, 1);
      return true;
    },
    next(running, most) {
      let best: { lane: Lane; load: number; head: number } | undefined;
      for (const lane of LANES) {
        const head = queues[lane][0];
        if (!head) continue;
        const share = entitled(lane);
        const load = share > 0 ? running[lane] / share : Number.POSITIVE_INFINITY;
        if (!best || load < best.load || (load === best.load && head.seq < best.head)) best = { lane, load, head: head.seq };
      }
      if (!best) return null;
      const queue = queues[best.lane];
      const borrowing = running[best.lane] + 1 > entitled(best.lane) + 1e-9;
      // Spread a lane's queue over the pool rather than filling one container's batch while others idle.
      const take = borrowing ? 1 : Math.max(1, Math.min(most, Math.ceil(queue.length / poolSize)));
      return { lane: best.lane, items: queue.splice(0, take) };
    },
    size(lane) {
      return lane ? queues[lane].length : LANES.reduce((sum, l) => sum + queues[l].length, 0);
    },
    drain() {
      return LANES.flatMap((lane) => queues[lane].splice(0));
    },
  };
}
