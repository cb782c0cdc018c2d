def can_jump(nums: list[int]) -> bool:
    # farthest = the largest index reachable using the positions seen so far.
    # If we ever stand beyond it, that position is unreachable and so is
    # everything after it.
    farthest = 0
    for i, step in enumerate(nums):
        if i > farthest:
            return False
        farthest = max(farthest, i + step)
        if farthest >= len(nums) - 1:
            return True
    return True
