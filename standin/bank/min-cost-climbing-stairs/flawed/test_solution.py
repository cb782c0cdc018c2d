from solution import min_cost_climbing_stairs


def test_short_example():
    assert min_cost_climbing_stairs([10, 15, 20]) == 15


def test_long_example():
    assert min_cost_climbing_stairs([1, 100, 1, 1, 1, 100, 1, 1, 100, 1]) == 5


def test_two_free_steps():
    assert min_cost_climbing_stairs([0, 0]) == 0


def test_two_steps_pick_cheaper():
    assert min_cost_climbing_stairs([5, 3]) == 3, "start on step 1 and jump to the top"


def test_increasing_costs():
    assert min_cost_climbing_stairs([1, 2, 3, 4]) == 4, "steps 0 and 2"
