def middle_node_value(values: list[int], next_index: list[int], head: int) -> int:
    # Slow moves one link per round, fast moves two. When fast cannot make a
    # full double step any more, slow has covered half of the list: for an odd
    # length it sits on the middle, for an even length on the second middle.
    slow = fast = head
    while fast != -1 and next_index[fast] != -1:
        slow = next_index[slow]
        fast = next_index[next_index[fast]]
    return values[slow]
