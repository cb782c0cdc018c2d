from solution import ladder_length


def test_example():
    assert ladder_length("hit", "cog", ["hot", "dot", "dog", "lot", "log", "cog"]) == 5


def test_end_word_missing():
    assert ladder_length("hit", "cog", ["hot", "dot", "dog", "lot", "log"]) == 0


def test_one_step():
    assert ladder_length("a", "c", ["a", "b", "c"]) == 2, "begin and end both count"


def test_disconnected():
    assert ladder_length("abc", "xyz", ["abd", "xyz"]) == 0


def test_begin_word_in_list():
    assert ladder_length("hot", "dog", ["hot", "dog", "dot"]) == 3


def test_shortest_of_several():
    words = ["aab", "abb", "bbb", "bbc", "bcc", "ccc", "aac", "acc"]
    assert ladder_length("aaa", "ccc", words) == 4, "aaa -> aac -> acc -> ccc beats the seven-word ladder"
