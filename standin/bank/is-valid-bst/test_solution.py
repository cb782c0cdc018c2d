from solution import is_valid_bst


def test_small_valid_tree():
    assert is_valid_bst([2, 1, 3]) is True


def test_deep_violation():
    assert is_valid_bst([10, 5, 15, None, None, 6, 20]) is False, "6 is in the right subtree of 10"


def test_empty_tree():
    assert is_valid_bst([]) is True


def test_duplicates_not_allowed():
    assert is_valid_bst([1, 1]) is False, "left child equal to parent"


def test_full_valid_tree():
    assert is_valid_bst([4, 2, 6, 1, 3, 5, 7]) is True


def test_child_order_wrong():
    assert is_valid_bst([5, 1, 4, None, None, 3, 6]) is False
