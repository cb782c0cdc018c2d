def single_number(nums: list[int]) -> int:
    # XOR is associative and commutative, x ^ x == 0 and x ^ 0 == x, so
    # XOR-ing everything cancels the pairs and leaves the lonely value.
    # This also holds for negative numbers (two's complement bit patterns).
    result = 0
    for value in nums:
        result ^= value
    return result
