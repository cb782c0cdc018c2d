from solution import merge_intervals


def test_first_example():
    assert merge_intervals([[1, 3], [2, 6], [8, 10], [15, 18]]) == [[1, 6], [8, 10], [15, 18]]


def test_touching_intervals():
    assert merge_intervals([[1, 4], [4, 5]]) == [[1, 5]], "touching endpoints merge"


def test_empty_input():
    assert merge_intervals([]) == []


def test_unsorted_input():
    assert merge_intervals([[8, 10], [1, 3], [2, 6]]) == [[1, 6], [8, 10]]


def test_nested_interval():
    assert merge_intervals([[1, 10], [2, 3], [4, 5]]) == [[1, 10]], "contained intervals vanish"


def test_input_not_modified():
    data = [[1, 3], [2, 4]]
    merge_intervals(data)
    assert data == [[1, 3], [2, 4]], "input must stay unchanged"
