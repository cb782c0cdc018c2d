from solution import is_clean_palindrome


def test_classic_sentence():
    assert is_clean_palindrome("A man, a plan, a canal: Panama") is True


def test_not_a_palindrome():
    assert is_clean_palindrome("race a car") is False


def test_only_punctuation():
    assert is_clean_palindrome(" .,!") is True, "nothing left after cleaning"


def test_digits_count():
    assert is_clean_palindrome("0P") is False, "digits are kept and compared"
    assert is_clean_palindrome("1a2, 2A1") is True


def test_empty_string():
    assert is_clean_palindrome("") is True
