def subsets(nums: list[int]) -> list[list[int]]:
    # Backtracking: record the current subset, then for each later index
    # choose it, recurse, and un-choose it. Every subset is recorded exactly
    # once, at the moment its last element is chosen (or at the root for []).
    result: list[list[int]] = []
    current: list[int] = []

    def backtrack(start: int) -> None:
        result.append(current[:])
        for index in range(start, len(nums)):
            current.append(nums[index])
            backtrack(index + 1)
            current.pop()

    backtrack(0)
    return result
