from solution import coin_change


def test_first_example():
    assert coin_change([1, 2, 5], 11) == 3


def test_impossible_amount():
    assert coin_change([2], 3) == -1, "unreachable amounts must give -1"


def test_zero_amount():
    assert coin_change([1], 0) == 0


def test_greedy_is_not_optimal():
    assert coin_change([1, 3, 4], 6) == 2, "3 + 3 beats the greedy 4 + 1 + 1"


def test_large_coins_do_not_fit():
    assert coin_change([2147483647], 2) == -1


def test_bigger_amount():
    assert coin_change([186, 419, 83, 408], 6249) == 20
