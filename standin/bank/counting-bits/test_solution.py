from solution import count_bits


def test_n_two():
    assert count_bits(2) == [0, 1, 1]


def test_n_five():
    assert count_bits(5) == [0, 1, 1, 2, 1, 2]


def test_zero():
    assert count_bits(0) == [0], "only the number 0"


def test_powers_of_two():
    result = count_bits(16)
    assert [result[1], result[2], result[4], result[8], result[16]] == [1, 1, 1, 1, 1]


def test_all_ones():
    result = count_bits(1023)
    assert result[1023] == 10, "1023 = 0b1111111111"
    assert len(result) == 1024
