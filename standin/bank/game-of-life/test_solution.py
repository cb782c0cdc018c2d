from solution import game_of_life_step


def test_glider():
    board = [[0, 1, 0], [0, 0, 1], [1, 1, 1], [0, 0, 0]]
    assert game_of_life_step(board) == [[0, 0, 0], [1, 0, 1], [0, 1, 1], [0, 1, 0]]


def test_blinker_oscillates():
    horizontal = [[0, 0, 0], [1, 1, 1], [0, 0, 0]]
    vertical = [[0, 1, 0], [0, 1, 0], [0, 1, 0]]
    assert game_of_life_step(horizontal) == vertical
    assert game_of_life_step(vertical) == horizontal


def test_block_is_stable():
    block = [[1, 1], [1, 1]]
    assert game_of_life_step(block) == [[1, 1], [1, 1]]


def test_lonely_cell_dies():
    assert game_of_life_step([[1]]) == [[0]], "no neighbours means underpopulation"


def test_input_unchanged():
    board = [[1, 1, 1]]
    game_of_life_step(board)
    assert board == [[1, 1, 1]], "the input board must not be modified"
