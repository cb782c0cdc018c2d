from solution import max_sliding_window


def test_example():
    assert max_sliding_window([1, 3, -1, -3, 5, 3, 6, 7], 3) == [3, 3, 5, 5, 6, 7]


def test_single_element():
    assert max_sliding_window([1], 1) == [1]


def test_window_is_whole_list():
    assert max_sliding_window([4, -2, 9, 1], 4) == [9]


def test_window_of_one():
    assert max_sliding_window([2, -1, 5], 1) == [2, -1, 5], "each element is its own maximum"


def test_decreasing_values():
    assert max_sliding_window([9, 8, 7, 6, 5], 2) == [9, 8, 7, 6], "the old maximum must leave the window"


def test_large_input():
    nums = list(range(100000))
    assert max_sliding_window(nums, 1000) == list(range(999, 100000))
