from solution import can_jump


def test_reachable():
    assert can_jump([2, 3, 1, 1, 4]) is True


def test_blocked_by_zero():
    assert can_jump([3, 2, 1, 0, 4]) is False


def test_single_element():
    assert can_jump([0]) is True, "already at the last index"


def test_zero_at_start():
    assert can_jump([0, 1]) is False


def test_jump_over_zeros():
    assert can_jump([4, 0, 0, 0, 1]) is True
    assert can_jump([1, 1, 0, 0, 1]) is False
