<?php

function test_square(): void
{
    assert(spiralOrder([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) === [1, 2, 3, 6, 9, 8, 7, 4, 5], 'square');
}

function test_wide_rectangle(): void
{
    assert(spiralOrder([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]) === [1, 2, 3, 4, 8, 12, 11, 10, 9, 5, 6, 7], 'wide rectangle');
}

function test_single_row(): void
{
    assert(spiralOrder([[1, 2, 3]]) === [1, 2, 3], 'the row must not be walked back');
}

function test_single_column(): void
{
    assert(spiralOrder([[1], [2], [3]]) === [1, 2, 3], 'the column must not be walked back up');
}

function test_empty(): void
{
    assert(spiralOrder([]) === [], 'empty');
}

function test_tall_rectangle(): void
{
    assert(spiralOrder([[1, 2], [3, 4], [5, 6], [7, 8]]) === [1, 2, 4, 6, 8, 7, 5, 3], 'tall rectangle');
}
