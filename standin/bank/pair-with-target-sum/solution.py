def pair_with_target_sum(nums: list[int], target: int) -> list[int]:
    # One pass with a dictionary from value to the first index holding it.
    # When the complement of the current value is already in the dictionary,
    # its index is smaller than the current one, so the pair is in order.
    index_of: dict[int, int] = {}
    for j, value in enumerate(nums):
        complement = target - value
        if complement in index_of:
            return [index_of[complement], j]
        # Keep the first occurrence; a later duplicate is never needed.
        if value not in index_of:
            index_of[value] = j
    return []
