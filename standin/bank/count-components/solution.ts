export function countComponents(n: number, edges: number[][]): number {
  // Union-find: every node starts as its own set. Each edge that joins two
  // different sets merges them and reduces the component count by one.
  const parent = Array.from({ length: n }, (_, k) => k);
  const size = new Array<number>(n).fill(1);

  const find = (x: number): number => {
    // Locate the root, then point every node on the path straight at it
    // (path compression), iteratively to avoid deep recursion.
    let root = x;
    while (parent[root] !== root) root = parent[root];
    while (parent[x] !== root) {
      const next = parent[x];
      parent[x] = root;
      x = next;
    }
    return root;
  };

  let components = n;
  for (const [a, b] of edges) {
    let rootA = find(a);
    let rootB = find(b);
    if (rootA === rootB) continue;
    // Union by size keeps the trees shallow.
    if (size[rootA] < size[rootB]) [rootA, rootB] = [rootB, rootA];
    parent[rootB] = rootA;
    size[rootA] += size[rootB];
    components--;
  }
  return components;
}
