from collections import deque


def max_sliding_window(nums: list[int], k: int) -> list[int]:
    # The deque holds indices of the current window whose values strictly
    # decrease from front to back. A new value evicts every smaller-or-equal
    # value from the back (they can never be a maximum again); the front is
    # dropped once it slides out of the window. The front is always the max.
    # Each index enters and leaves the deque once, so the total time is O(n).
    candidates: deque[int] = deque()
    result: list[int] = []
    for i, value in enumerate(nums):
        while candidates and nums[candidates[-1]] <= value:
            candidates.pop()
        candidates.append(i)
        if candidates[0] <= i - k:
            candidates.popleft()
        if i >= k - 1:
            result.append(nums[candidates[0]])
    return result
