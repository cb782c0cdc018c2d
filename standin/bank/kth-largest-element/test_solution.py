from solution import find_kth_largest


def test_first_example():
    assert find_kth_largest([3, 2, 1, 5, 6, 4], 2) == 5


def test_duplicates_count():
    assert find_kth_largest([3, 2, 3, 1, 2, 4, 5, 5, 6], 4) == 4, "duplicates count separately"


def test_k_equals_length():
    assert find_kth_largest([7, -2, 9], 3) == -2, "k = len(nums) gives the minimum"


def test_single_element():
    assert find_kth_largest([1], 1) == 1


def test_input_unchanged():
    nums = [5, 1, 4]
    find_kth_largest(nums, 1)
    assert nums == [5, 1, 4]


def test_many_values():
    nums = list(range(100000, 0, -1))
    assert find_kth_largest(nums, 1000) == 99001
