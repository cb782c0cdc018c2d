from solution import count_components


def test_two_components():
    assert count_components(5, [[0, 1], [1, 2], [3, 4]]) == 2


def test_no_edges():
    assert count_components(4, []) == 4, "isolated nodes are components"


def test_cycle_and_repeats():
    assert count_components(3, [[0, 1], [1, 2], [2, 0], [0, 1], [1, 1]]) == 1, "repeated edges and self loops change nothing"


def test_single_node():
    assert count_components(1, []) == 1


def test_long_chain():
    n = 100000
    edges = [[k, k + 1] for k in range(n - 1)]
    assert count_components(n, edges) == 1


def test_pairs():
    assert count_components(6, [[0, 5], [1, 4], [2, 3]]) == 3
