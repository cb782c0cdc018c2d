from solution import decode_string


def test_two_groups():
    assert decode_string("3[a]2[bc]") == "aaabcbc"


def test_nested():
    assert decode_string("3[a2[c]]") == "accaccacc"


def test_letters_around_groups():
    assert decode_string("2[abc]3[cd]ef") == "abcabccdcdcdef"


def test_multi_digit_count():
    assert decode_string("10[x]") == "x" * 10, "counts can have several digits"


def test_no_encoding():
    assert decode_string("plain") == "plain"
    assert decode_string("") == ""
