from solution import flood_fill


def test_example():
    assert flood_fill([[1, 1, 1], [1, 1, 0], [1, 0, 1]], 1, 1, 2) == [[2, 2, 2], [2, 2, 0], [2, 0, 1]]


def test_same_color_is_noop():
    assert flood_fill([[0, 0, 0], [0, 0, 0]], 0, 0, 0) == [[0, 0, 0], [0, 0, 0]], "must not loop forever"


def test_single_pixel():
    assert flood_fill([[5]], 0, 0, 9) == [[9]]


def test_diagonal_not_connected():
    assert flood_fill([[1, 0], [0, 1]], 0, 0, 3) == [[3, 0], [0, 1]]


def test_input_unchanged():
    image = [[1, 1], [1, 0]]
    flood_fill(image, 0, 0, 4)
    assert image == [[1, 1], [1, 0]], "input grid must not be modified"


def test_large_region():
    image = [[7] * 50 for _ in range(50)]
    result = flood_fill(image, 25, 25, 1)
    assert all(value == 1 for row in result for value in row)
