def range_sums(nums: list[int], queries: list[list[int]]) -> list[int]:
    # prefix[k] holds the sum of the first k elements, so the sum of
    # nums[left..right] is prefix[right + 1] - prefix[left]. Building prefix is
    # O(n) and every query is then answered in O(1).
    prefix = [0] * (len(nums) + 1)
    for k, value in enumerate(nums):
        prefix[k + 1] = prefix[k] + value
    return [prefix[right + 1] - prefix[left] for left, right in queries]
