from solution import first_unique_char


def test_first_letter_unique():
    assert first_unique_char("leetcode") == 0


def test_unique_in_middle():
    assert first_unique_char("loveleetcode") == 2


def test_all_repeat():
    assert first_unique_char("aabb") == -1


def test_empty_string():
    assert first_unique_char("") == -1, "nothing to find"


def test_last_letter_unique():
    assert first_unique_char("abcabcd") == 6
