// Insert value into an ascending array, keeping it sorted (binary search for
// the position). With at most 2000 courses the O(n) splice is cheap.
function insertSorted(sorted: number[], value: number): void {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  sorted.splice(lo, 0, value);
}

export function findOrder(numCourses: number, prerequisites: number[][]): number[] {
  // Kahn's algorithm: a course becomes available once all its prerequisites
  // are taken (in-degree 0). Available courses are kept sorted, so taking
  // the first one always takes the smallest number. If some course is never
  // freed, the remaining courses form a cycle and there is no valid order.
  const unlocks: number[][] = Array.from({ length: numCourses }, () => []);
  const indegree = new Array<number>(numCourses).fill(0);
  for (const [course, before] of prerequisites) {
    unlocks[before].push(course);
    indegree[course]++;
  }
  const available: number[] = [];
  for (let c = 0; c < numCourses; c++) {
    if (indegree[c] === 0) available.push(c); // pushed in increasing order
  }
  const order: number[] = [];
  while (available.length > 0) {
    const course = available.shift() as number;
    order.push(course);
    for (const next of unlocks[course]) {
      indegree[next]--;
      if (indegree[next] === 0) insertSorted(available, next);
    }
  }
  return order.length === numCourses ? order : [];
}
