from solution import is_happy


def test_nineteen_is_happy():
    assert is_happy(19) is True


def test_two_is_unhappy():
    assert is_happy(2) is False, "2 falls into the cycle 4 -> 16 -> ... -> 4"


def test_one_is_happy():
    assert is_happy(1) is True


def test_seven_is_happy():
    assert is_happy(7) is True, "7 -> 49 -> 97 -> 130 -> 10 -> 1"


def test_large_unhappy():
    assert is_happy(2147483647) is False
