from solution import generate_pascal


def test_five_rows():
    assert generate_pascal(5) == [[1], [1, 1], [1, 2, 1], [1, 3, 3, 1], [1, 4, 6, 4, 1]]


def test_one_row():
    assert generate_pascal(1) == [[1]]


def test_zero_rows():
    assert generate_pascal(0) == [], "no rows requested"


def test_row_sums_are_powers_of_two():
    rows = generate_pascal(10)
    assert [sum(row) for row in rows] == [2**k for k in range(10)]


def test_last_row_of_thirty():
    last = generate_pascal(30)[-1]
    assert len(last) == 30
    assert last[15] == 77558760, "C(29, 15)"
