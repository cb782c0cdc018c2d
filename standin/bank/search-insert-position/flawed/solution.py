def search_insert(nums: list[int], target: int) -> int:
    # Find the first index whose value is >= target (the lower bound).
    # Binary search over the indices of nums.
    lo, hi = 0, len(nums) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if nums[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return lo
