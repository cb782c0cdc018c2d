from solution import edit_distance


def test_horse_ros():
    assert edit_distance("horse", "ros") == 3


def test_intention_execution():
    assert edit_distance("intention", "execution") == 5


def test_empty_words():
    assert edit_distance("", "abc") == 3, "three inserts"
    assert edit_distance("abc", "") == 3, "three deletes"
    assert edit_distance("", "") == 0


def test_identical():
    assert edit_distance("same", "same") == 0


def test_kitten_sitting():
    assert edit_distance("kitten", "sitting") == 3


def test_long_words():
    assert edit_distance("a" * 500, "b" * 500) == 500
