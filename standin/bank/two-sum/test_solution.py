from solution import two_sum


def test_first_example():
    assert two_sum([2, 7, 11, 15], 9) == [0, 1]


def test_second_example():
    assert two_sum([3, 2, 4], 6) == [1, 2], "an element must not pair with itself"


def test_equal_values():
    assert two_sum([3, 3], 6) == [0, 1]


def test_negative_numbers():
    assert two_sum([-1, -2, -3, -4, -5], -8) == [2, 4]


def test_pair_at_the_end():
    assert two_sum([1, 2, 3, 4, 5, 6], 11) == [4, 5]


def test_zero_target():
    assert two_sum([0, 4, 3, 0], 0) == [0, 3]
