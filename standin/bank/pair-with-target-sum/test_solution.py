from solution import pair_with_target_sum


def test_first_example():
    assert pair_with_target_sum([1, 4, 6, 9], 10) == [1, 2]


def test_duplicate_values():
    assert pair_with_target_sum([5, 5], 10) == [0, 1], "equal values at two positions"


def test_no_self_pairing():
    assert pair_with_target_sum([4, 1, 7], 8) == [1, 2], "4 must not be used twice"


def test_negative_target():
    assert pair_with_target_sum([-3, 8, -7, 2], -10) == [0, 2]


def test_large_values():
    assert pair_with_target_sum([10**9, -(10**9), 3], 0) == [0, 1]
