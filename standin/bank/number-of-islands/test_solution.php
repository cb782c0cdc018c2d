<?php

function test_example(): void
{
    assert(numIslands(['11000', '11000', '00100', '00011']) === 3, 'example');
}

function test_one_big_island(): void
{
    assert(numIslands(['11110', '11010', '11000', '00000']) === 1, 'one big island');
}

function test_diagonals_do_not_connect(): void
{
    assert(numIslands(['101', '010', '101']) === 5, 'diagonal land cells are separate islands');
}

function test_empty_grid(): void
{
    assert(numIslands([]) === 0, 'empty grid');
}

function test_all_water(): void
{
    assert(numIslands(['000', '000']) === 0, 'all water');
}

function test_large_single_island(): void
{
    assert(numIslands(array_fill(0, 300, str_repeat('1', 300))) === 1, '90,000 cells must not overflow a recursion limit');
}
