from solution import move_zeroes


def test_example():
    assert move_zeroes([0, 1, 0, 3, 12]) == [1, 3, 12, 0, 0]


def test_single_zero():
    assert move_zeroes([0]) == [0]


def test_empty():
    assert move_zeroes([]) == []


def test_no_zeroes():
    assert move_zeroes([1, 2, 3]) == [1, 2, 3]


def test_negative_values_keep_order():
    assert move_zeroes([-1, 0, -2]) == [-1, -2, 0], "order of non-zero values is kept, not sorted"


def test_in_place():
    data = [0, 0, 1]
    move_zeroes(data)
    assert data == [1, 0, 0], "the list itself must be rearranged"
