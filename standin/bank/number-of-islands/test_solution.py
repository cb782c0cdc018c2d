from solution import num_islands


def test_example():
    assert num_islands(["11000", "11000", "00100", "00011"]) == 3


def test_one_big_island():
    assert num_islands(["11110", "11010", "11000", "00000"]) == 1


def test_diagonals_do_not_connect():
    assert num_islands(["101", "010", "101"]) == 5, "diagonal land cells are separate islands"


def test_empty_grid():
    assert num_islands([]) == 0


def test_all_water():
    assert num_islands(["000", "000"]) == 0


def test_large_single_island():
    assert num_islands(["1" * 300] * 300) == 1, "90,000 cells must not overflow a recursion limit"
