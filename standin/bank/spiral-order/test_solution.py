from solution import spiral_order


def test_square():
    assert spiral_order([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) == [1, 2, 3, 6, 9, 8, 7, 4, 5]


def test_wide_rectangle():
    assert spiral_order([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]) == [1, 2, 3, 4, 8, 12, 11, 10, 9, 5, 6, 7]


def test_single_row():
    assert spiral_order([[1, 2, 3]]) == [1, 2, 3], "the row must not be walked back"


def test_single_column():
    assert spiral_order([[1], [2], [3]]) == [1, 2, 3], "the column must not be walked back up"


def test_empty():
    assert spiral_order([]) == []


def test_tall_rectangle():
    assert spiral_order([[1, 2], [3, 4], [5, 6], [7, 8]]) == [1, 2, 4, 6, 8, 7, 5, 3]
