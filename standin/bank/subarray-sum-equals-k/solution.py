def subarray_sum(nums: list[int], k: int) -> int:
    # sum(nums[i:j]) == prefix[j] - prefix[i]. Walking j from left to right,
    # the subarrays ending at j that sum to k correspond to earlier prefix
    # sums equal to prefix[j] - k, so count how often each prefix sum occurred.
    seen_prefixes: dict[int, int] = {0: 1}  # the empty prefix
    running = 0
    count = 0
    for value in nums:
        running += value
        count += seen_prefixes.get(running - k, 0)
        seen_prefixes[running] = seen_prefixes.get(running, 0) + 1
    return count
