from solution import single_number


def test_first_example():
    assert single_number([2, 2, 1]) == 1


def test_second_example():
    assert single_number([4, 1, 2, 1, 2]) == 4


def test_single_element():
    assert single_number([7]) == 7


def test_negative_values():
    assert single_number([-3, 5, -3]) == 5
    assert single_number([6, -1, 6]) == -1, "the lonely value may be negative"


def test_zero_is_the_answer():
    assert single_number([9, 0, 9]) == 0
