from solution import find_order


def test_diamond():
    assert find_order(4, [[1, 0], [2, 0], [3, 1], [3, 2]]) == [0, 1, 2, 3]


def test_two_cycle():
    assert find_order(2, [[0, 1], [1, 0]]) == [], "a cycle has no valid order"


def test_no_prerequisites():
    assert find_order(3, []) == [0, 1, 2], "smallest number first"


def test_smallest_available_first():
    assert find_order(4, [[0, 3], [1, 3]]) == [2, 3, 0, 1]


def test_cycle_behind_free_courses():
    assert find_order(4, [[1, 0], [2, 1], [1, 2]]) == [], "courses 1 and 2 block each other"


def test_long_chain():
    n = 2000
    prerequisites = [[k, k + 1] for k in range(n - 1)]
    assert find_order(n, prerequisites) == list(range(n - 1, -1, -1))
