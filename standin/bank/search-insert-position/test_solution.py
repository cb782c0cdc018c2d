from solution import search_insert


def test_found():
    assert search_insert([1, 3, 5, 6], 5) == 2


def test_insert_in_middle():
    assert search_insert([1, 3, 5, 6], 2) == 1


def test_insert_at_end():
    assert search_insert([1, 3, 5, 6], 7) == 4, "target larger than every element goes to len(nums)"


def test_insert_at_start():
    assert search_insert([1, 3, 5, 6], 0) == 0


def test_empty_list():
    assert search_insert([], 3) == 0


def test_single_element_after():
    assert search_insert([1], 2) == 1
