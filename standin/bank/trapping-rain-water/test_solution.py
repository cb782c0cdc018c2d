from solution import trap


def test_first_example():
    assert trap([0, 1, 0, 2, 1, 0, 1, 3, 2, 1, 2, 1]) == 6


def test_second_example():
    assert trap([4, 2, 0, 3, 2, 5]) == 9


def test_too_short():
    assert trap([]) == 0
    assert trap([3]) == 0


def test_increasing_holds_nothing():
    assert trap([1, 2, 3]) == 0, "a bar taller than both neighbours holds no water, never negative"


def test_single_basin():
    assert trap([5, 0, 5]) == 5


def test_two_basins():
    assert trap([2, 0, 2, 0, 2]) == 4
