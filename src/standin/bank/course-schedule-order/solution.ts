// Small binary min-heap used as a priority queue of available courses.
class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const a = this.items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0 && a[(i - 1) >> 1] > a[i]) {
      const parent = (i - 1) >> 1;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }

  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop() as number;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

export function findOrder(numCourses: number, prerequisites: number[][]): number[] {
  // Kahn's algorithm: a course becomes available once all its prerequisites
  // are taken (in-degree 0). A min-heap of available courses makes us always
  // take the smallest number first. If some course is never freed, the
  // remaining courses form a cycle and there is no valid order.
  const unlocks: number[][] = Array.from({ length: numCourses }, () => []);
  const indegree = new Array<number>(numCourses).fill(0);
  for (const [course, before] of prerequisites) {
    unlocks[before].push(course);
    indegree[course]++;
  }
  const available = new MinHeap();
  for (let c = 0; c < numCourses; c++) {
    if (indegree[c] === 0) available.push(c);
  }
  const order: number[] = [];
  while (available.size > 0) {
    const course = available.pop();
    order.push(course);
    for (const next of unlocks[course]) {
      indegree[next]--;
      if (indegree[next] === 0) available.push(next);
    }
  }
  return order.length === numCourses ? order : [];
}
