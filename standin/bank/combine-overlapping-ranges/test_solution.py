from solution import combine_ranges


def test_first_example():
    assert combine_ranges([[5, 7], [1, 2], [6, 9]]) == [[1, 2], [5, 9]]


def test_point_range_absorbed():
    assert combine_ranges([[2, 3], [3, 3]]) == [[2, 3]]


def test_empty_input():
    assert combine_ranges([]) == []


def test_disjoint_ranges():
    assert combine_ranges([[4, 5], [0, 1], [2, 3]]) == [[0, 1], [2, 3], [4, 5]], "gaps keep ranges apart"


def test_chain_of_overlaps():
    assert combine_ranges([[1, 2], [2, 4], [3, 8], [8, 9]]) == [[1, 9]]
