def count_components(n: int, edges: list[list[int]]) -> int:
    # Union-find: every node starts as its own set. Each edge that joins two
    # different sets merges them and reduces the component count by one.
    parent = list(range(n))
    size = [1] * n

    def find(x: int) -> int:
        # Locate the root, then point every node on the path straight at it
        # (path compression), iteratively to avoid deep recursion.
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    components = n
    for a, b in edges:
        root_a, root_b = find(a), find(b)
        if root_a == root_b:
            continue
        # Union by size keeps the trees shallow.
        if size[root_a] < size[root_b]:
            root_a, root_b = root_b, root_a
        parent[root_b] = root_a
        size[root_a] += size[root_b]
        components -= 1
    return components
