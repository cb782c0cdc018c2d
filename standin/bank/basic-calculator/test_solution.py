from solution import calculate


def test_precedence():
    assert calculate("2+3*4") == 14, "multiplication binds tighter than addition"


def test_parentheses():
    assert calculate("(1+(4+5+2)-3)+(6+8)") == 23


def test_unary_minus():
    assert calculate("-(2+3)") == -5
    assert calculate("2*-3") == -6


def test_division_truncates_toward_zero():
    assert calculate(" 7 / -2 ") == -3, "-3.5 truncates to -3, not -4"
    assert calculate("-7/2") == -3


def test_multi_digit_numbers():
    assert calculate("12+34") == 46
    assert calculate("1000/10") == 100


def test_left_associative():
    assert calculate("10-4-3") == 3
    assert calculate("100/10/5") == 2
