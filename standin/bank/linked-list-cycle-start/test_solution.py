from solution import cycle_start


def test_no_cycle():
    assert cycle_start([1, 2, -1], 0) == -1


def test_empty_list():
    assert cycle_start([], -1) == -1


def test_loop_after_tail():
    assert cycle_start([1, 2, 3, 1], 0) == 1


def test_whole_list_is_a_loop():
    assert cycle_start([1, 0], 0) == 0, "0 -> 1 -> 0"


def test_self_loop():
    assert cycle_start([0], 0) == 0


def test_long_tail_short_loop():
    assert cycle_start([1, 2, 3, 4, 5, 6, 7, 3], 0) == 3
