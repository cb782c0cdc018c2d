from solution import is_valid_parentheses


def test_simple_pairs():
    assert is_valid_parentheses("()[]{}") is True


def test_nested():
    assert is_valid_parentheses("{[()]}") is True


def test_wrong_type():
    assert is_valid_parentheses("(]") is False


def test_interleaved():
    assert is_valid_parentheses("([)]") is False, "closing order must mirror opening order"


def test_empty_string():
    assert is_valid_parentheses("") is True


def test_unclosed_opener():
    assert is_valid_parentheses("(((") is False, "openers left on the stack"


def test_closer_first():
    assert is_valid_parentheses(")(") is False, "closer with nothing open"
