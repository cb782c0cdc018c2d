<?php

function test_glider(): void
{
    $board = [[0, 1, 0], [0, 0, 1], [1, 1, 1], [0, 0, 0]];
    assert(gameOfLifeStep($board) === [[0, 0, 0], [1, 0, 1], [0, 1, 1], [0, 1, 0]], 'glider');
}

function test_blinker_oscillates(): void
{
    $horizontal = [[0, 0, 0], [1, 1, 1], [0, 0, 0]];
    $vertical = [[0, 1, 0], [0, 1, 0], [0, 1, 0]];
    assert(gameOfLifeStep($horizontal) === $vertical, 'horizontal becomes vertical');
    assert(gameOfLifeStep($vertical) === $horizontal, 'vertical becomes horizontal');
}

function test_block_is_stable(): void
{
    assert(gameOfLifeStep([[1, 1], [1, 1]]) === [[1, 1], [1, 1]], 'block is stable');
}

function test_lonely_cell_dies(): void
{
    assert(gameOfLifeStep([[1]]) === [[0]], 'no neighbours means underpopulation');
}

function test_input_unchanged(): void
{
    $board = [[1, 1, 1]];
    gameOfLifeStep($board);
    assert($board === [[1, 1, 1]], 'the input board must not be modified');
}
