from solution import range_sums


def test_example():
    assert range_sums([-2, 0, 3, -5, 2, -1], [[0, 2], [2, 5], [0, 5]]) == [1, -1, -3]


def test_single_element_ranges():
    assert range_sums([4, 5, 6], [[0, 0], [1, 1], [2, 2]]) == [4, 5, 6], "left == right is one element"


def test_no_queries():
    assert range_sums([1, 2, 3], []) == []


def test_repeated_queries():
    assert range_sums([1, 1, 1, 1], [[0, 3], [0, 3], [1, 2]]) == [4, 4, 2]


def test_large_values():
    nums = [100000] * 10000
    assert range_sums(nums, [[0, 9999]]) == [10**9]
