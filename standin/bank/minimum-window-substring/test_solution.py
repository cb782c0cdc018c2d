from solution import min_window


def test_example():
    assert min_window("ADOBECODEBANC", "ABC") == "BANC"


def test_whole_string():
    assert min_window("a", "a") == "a"


def test_not_enough_copies():
    assert min_window("a", "aa") == "", "duplicates in t must all be covered"


def test_duplicates_required():
    assert min_window("aaflslflsldkalskaaa", "aaa") == "aaa"


def test_case_sensitive():
    assert min_window("aA", "A") == "A"
    assert min_window("abc", "C") == ""


def test_leftmost_on_tie():
    assert min_window("abxba", "ab") == "ab", "ab and ba are equally short; the leftmost wins"
