from solution import longest_common_prefix


def test_shared_prefix():
    assert longest_common_prefix(["flower", "flow", "flight"]) == "fl"


def test_no_shared_prefix():
    assert longest_common_prefix(["dog", "racecar", "car"]) == ""


def test_empty_list():
    assert longest_common_prefix([]) == ""


def test_one_word_is_prefix_of_others():
    assert longest_common_prefix(["inter", "internet", "interval"]) == "inter"


def test_contains_empty_word():
    assert longest_common_prefix(["abc", "", "abd"]) == "", "an empty word limits the prefix to nothing"


def test_case_sensitive():
    assert longest_common_prefix(["Apple", "apple"]) == ""
