def move_zeroes(nums: list[int]) -> list[int]:
    # write marks where the next non-zero value belongs. Copy every non-zero
    # value forward in its original order, then fill the tail with zeros.
    write = 0
    for value in nums:
        if value != 0:
            nums[write] = value
            write += 1
    for k in range(write, len(nums)):
        nums[k] = 0
    return nums
