type Entry = [time: number, node: number];

// Binary min-heap of [time, node] entries ordered by time.
function heapPush(heap: Entry[], entry: Entry): void {
  heap.push(entry);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent][0] <= heap[i][0]) break;
    [heap[parent], heap[i]] = [heap[i], heap[parent]];
    i = parent;
  }
}

function heapPop(heap: Entry[]): Entry {
  const top = heap[0];
  const last = heap.pop() as Entry;
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
      if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
      if (m === i) break;
      [heap[m], heap[i]] = [heap[i], heap[m]];
      i = m;
    }
  }
  return top;
}

export function networkDelayTime(times: number[][], n: number, k: number): number {
  // Dijkstra: repeatedly settle the unsettled node with the smallest known
  // arrival time; its time is final because all delays are non-negative.
  // Stale heap entries (a node already settled) are skipped.
  const links: Array<Array<[number, number]>> = Array.from({ length: n + 1 }, () => []);
  for (const [u, v, w] of times) {
    links[u].push([v, w]);
  }
  const arrival = new Map<number, number>();
  const heap: Entry[] = [[0, k]];
  let latest = 0;
  while (heap.length > 0) {
    const [time, node] = heapPop(heap);
    if (arrival.has(node)) continue;
    arrival.set(node, time);
    latest = time; // settled in increasing time order
    for (const [next, delay] of links[node]) {
      if (!arrival.has(next)) heapPush(heap, [time + delay, next]);
    }
  }
  return arrival.size === n ? latest : -1;
}
