from solution import count_prefixes


def test_example():
    assert count_prefixes(["apple", "app", "apt", "bat"], ["ap", "app", "b", "c"]) == [3, 2, 1, 0]


def test_empty_query_counts_all_words():
    assert count_prefixes(["a", "b", ""], [""]) == [3], "the empty string prefixes every word"


def test_duplicates_counted():
    assert count_prefixes(["dog", "dog", "do"], ["do", "dog", "dogs"]) == [3, 2, 0]


def test_no_words():
    assert count_prefixes([], ["a", ""]) == [0, 0]


def test_query_longer_than_words():
    assert count_prefixes(["car"], ["cart", "ca"]) == [0, 1], "a longer query is never a prefix"
