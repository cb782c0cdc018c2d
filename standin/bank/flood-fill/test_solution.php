<?php

function test_example(): void
{
    assert(floodFill([[1, 1, 1], [1, 1, 0], [1, 0, 1]], 1, 1, 2) === [[2, 2, 2], [2, 2, 0], [2, 0, 1]], 'example');
}

function test_same_color_is_noop(): void
{
    assert(floodFill([[0, 0, 0], [0, 0, 0]], 0, 0, 0) === [[0, 0, 0], [0, 0, 0]], 'must not loop forever');
}

function test_single_pixel(): void
{
    assert(floodFill([[5]], 0, 0, 9) === [[9]], 'single pixel');
}

function test_diagonal_not_connected(): void
{
    assert(floodFill([[1, 0], [0, 1]], 0, 0, 3) === [[3, 0], [0, 1]], 'diagonal pixels are not connected');
}

function test_input_unchanged(): void
{
    $image = [[1, 1], [1, 0]];
    floodFill($image, 0, 0, 4);
    assert($image === [[1, 1], [1, 0]], 'input grid must not be modified');
}

function test_large_region(): void
{
    $image = array_fill(0, 50, array_fill(0, 50, 7));
    $result = floodFill($image, 25, 25, 1);
    assert($result === array_fill(0, 50, array_fill(0, 50, 1)), 'whole grid repainted');
}
