from solution import largest_rectangle_area


def test_first_example():
    assert largest_rectangle_area([2, 1, 5, 6, 2, 3]) == 10


def test_two_bars():
    assert largest_rectangle_area([2, 4]) == 4


def test_empty():
    assert largest_rectangle_area([]) == 0, "an empty histogram has area 0"


def test_increasing():
    assert largest_rectangle_area([1, 2, 3, 4, 5]) == 9, "bars left on the stack must still be measured"


def test_decreasing():
    assert largest_rectangle_area([5, 4, 3, 2, 1]) == 9, "rectangles extend to the left too"


def test_plateau_in_the_middle():
    assert largest_rectangle_area([6, 2, 5, 4, 5, 1, 6]) == 12
