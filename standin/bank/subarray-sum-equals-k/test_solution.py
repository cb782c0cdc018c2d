from solution import subarray_sum


def test_ones():
    assert subarray_sum([1, 1, 1], 2) == 2


def test_mixed():
    assert subarray_sum([1, 2, 3], 3) == 2


def test_negative_numbers():
    assert subarray_sum([1, -1, 0], 0) == 3, "[1,-1], [0] and [1,-1,0]"


def test_zeros():
    assert subarray_sum([0, 0, 0], 0) == 6, "every one of the 6 subarrays sums to 0"


def test_no_match():
    assert subarray_sum([5, 6], 4) == 0


def test_single_element_match():
    assert subarray_sum([-4], -4) == 1
