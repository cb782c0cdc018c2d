export function isValidBst(tree: Array<number | null>): boolean {
  // Every node must lie strictly inside an open interval (low, high) that
  // its ancestors impose: going left caps the high bound at the parent's
  // value, going right raises the low bound. An explicit stack avoids
  // recursion. Infinite bounds mean "unbounded".
  const stack: Array<[number, number, number]> = [[0, -Infinity, Infinity]];
  while (stack.length > 0) {
    const [index, low, high] = stack.pop() as [number, number, number];
    const value = index < tree.length ? tree[index] : null;
    if (value === null) {
      continue;
    }
    if (value <= low || value >= high) {
      return false;
    }
    stack.push([2 * index + 1, low, value]);
    stack.push([2 * index + 2, value, high]);
  }
  return true;
}
