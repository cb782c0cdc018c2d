def cycle_start(next_index: list[int], head: int) -> int:
    # Floyd's algorithm. Phase 1: slow moves 1 step, fast moves 2, both from
    # head; they meet inside the loop iff there is one. Phase 2: with both
    # pointers having started at head, the distance from head to the loop
    # start equals the distance from the meeting point to the loop start
    # (modulo the loop length), so walking one pointer from head and one from
    # the meeting point, one step at a time, they meet exactly at the start.
    slow = fast = head
    while fast != -1 and next_index[fast] != -1:
        slow = next_index[slow]
        fast = next_index[next_index[fast]]
        if slow == fast:
            finder = head
            while finder != slow:
                finder = next_index[finder]
                slow = next_index[slow]
            return finder
    return -1
