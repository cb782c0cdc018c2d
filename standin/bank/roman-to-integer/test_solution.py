from solution import roman_to_int


def test_additive_only():
    assert roman_to_int("III") == 3
    assert roman_to_int("LVIII") == 58


def test_subtractive_pairs():
    assert roman_to_int("IV") == 4
    assert roman_to_int("IX") == 9
    assert roman_to_int("XL") == 40
    assert roman_to_int("CD") == 400


def test_mixed():
    assert roman_to_int("MCMXCIV") == 1994, "M + CM + XC + IV"


def test_largest_value():
    assert roman_to_int("MMMCMXCIX") == 3999


def test_single_symbol():
    assert roman_to_int("D") == 500
