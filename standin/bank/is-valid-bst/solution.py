def is_valid_bst(tree: list[int | None]) -> bool:
    # Every node must lie strictly inside an open interval (low, high) that
    # its ancestors impose: going left caps the high bound at the parent's
    # value, going right raises the low bound. An explicit stack avoids
    # recursion. None bounds mean "unbounded".
    stack: list[tuple[int, int | None, int | None]] = [(0, None, None)]
    while stack:
        index, low, high = stack.pop()
        value = tree[index] if index < len(tree) else None
        if value is None:
            continue
        if (low is not None and value <= low) or (high is not None and value >= high):
            return False
        stack.append((2 * index + 1, low, value))
        stack.append((2 * index + 2, value, high))
    return True
