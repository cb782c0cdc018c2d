from solution import count_primes


def test_below_ten():
    assert count_primes(10) == 4


def test_tiny_inputs():
    assert count_primes(0) == 0
    assert count_primes(1) == 0
    assert count_primes(2) == 0, "2 itself is not below 2"


def test_three():
    assert count_primes(3) == 1


def test_below_hundred():
    assert count_primes(100) == 25


def test_one_million():
    assert count_primes(1_000_000) == 78498
