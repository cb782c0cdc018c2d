from solution import middle_node_value


def test_odd_length():
    assert middle_node_value([1, 2, 3, 4, 5], [1, 2, 3, 4, -1], 0) == 3


def test_even_length_second_middle():
    assert middle_node_value([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, -1], 0) == 4, "second of the two middles"


def test_scrambled_storage():
    assert middle_node_value([30, 10, 20], [-1, 2, 0], 1) == 20


def test_single_node():
    assert middle_node_value([7], [-1], 0) == 7


def test_two_nodes():
    assert middle_node_value([8, 9], [-1, 0], 1) == 8, "list is 9 -> 8, second middle is 8"
