from solution import total_n_queens


def test_one():
    assert total_n_queens(1) == 1


def test_no_solutions_for_two_and_three():
    assert total_n_queens(2) == 0
    assert total_n_queens(3) == 0


def test_four():
    assert total_n_queens(4) == 2


def test_six():
    assert total_n_queens(6) == 4


def test_eight():
    assert total_n_queens(8) == 92, "the classic eight queens puzzle"
