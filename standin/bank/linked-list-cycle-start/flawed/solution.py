def cycle_start(next_index: list[int], head: int) -> int:
    # Floyd's algorithm. Phase 1: slow moves 1 step, fast moves 2; they meet
    # inside the loop iff there is one. Phase 2: a pointer from head and one
    # from the meeting point, moving one step at a time, meet at the start.
    if head == -1:
        return -1
    slow, fast = head, next_index[head]
    while fast != -1 and next_index[fast] != -1:
        if slow == fast:
            finder = head
            while finder != slow:
                finder = next_index[finder]
                slow = next_index[slow]
            return finder
        slow = next_index[slow]
        fast = next_index[next_index[fast]]
    return -1
