from solution import subsets


def test_three_elements():
    assert subsets([1, 2, 3]) == [[], [1], [1, 2], [1, 2, 3], [1, 3], [2], [2, 3], [3]]


def test_single_element():
    assert subsets([0]) == [[], [0]]


def test_empty_input():
    assert subsets([]) == [[]], "the empty set has one subset"


def test_order_follows_input():
    assert subsets([3, -1]) == [[], [3], [3, -1], [-1]], "elements keep their input order"


def test_count_is_power_of_two():
    result = subsets(list(range(10)))
    assert len(result) == 1024
    assert len({tuple(s) for s in result}) == 1024, "no duplicates"
