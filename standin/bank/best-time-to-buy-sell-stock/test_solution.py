from solution import max_profit


def test_first_example():
    assert max_profit([7, 1, 5, 3, 6, 4]) == 5


def test_falling_prices():
    assert max_profit([7, 6, 4, 3, 1]) == 0, "no profitable trade means 0"


def test_single_day():
    assert max_profit([5]) == 0


def test_minimum_after_maximum():
    assert max_profit([3, 8, 1, 4]) == 5, "the later lower price must not be sold before it is bought"


def test_flat_prices():
    assert max_profit([2, 2, 2]) == 0
