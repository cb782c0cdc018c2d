def search_insert(nums: list[int], target: int) -> int:
    # Find the first index whose value is >= target (the lower bound).
    # The search range is half-open [lo, hi) and starts as [0, len(nums)),
    # so the answer len(nums) is reachable when target exceeds everything.
    lo, hi = 0, len(nums)
    while lo < hi:
        mid = (lo + hi) // 2
        if nums[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return lo
