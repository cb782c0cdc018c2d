from solution import length_of_longest_substring


def test_abcabcbb():
    assert length_of_longest_substring("abcabcbb") == 3


def test_all_same():
    assert length_of_longest_substring("bbbbb") == 1


def test_pwwkew():
    assert length_of_longest_substring("pwwkew") == 3


def test_empty():
    assert length_of_longest_substring("") == 0


def test_window_start_never_moves_back():
    assert length_of_longest_substring("abba") == 2, "the old 'a' lies before the window start"


def test_spaces_and_symbols():
    assert length_of_longest_substring("a b!c") == 5
    assert length_of_longest_substring("dvdf") == 3
