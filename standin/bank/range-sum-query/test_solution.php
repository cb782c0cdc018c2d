<?php

function test_example(): void
{
    assert(rangeSums([-2, 0, 3, -5, 2, -1], [[0, 2], [2, 5], [0, 5]]) === [1, -1, -3], 'example');
}

function test_single_element_ranges(): void
{
    assert(rangeSums([4, 5, 6], [[0, 0], [1, 1], [2, 2]]) === [4, 5, 6], 'left == right is one element');
}

function test_no_queries(): void
{
    assert(rangeSums([1, 2, 3], []) === [], 'no queries');
}

function test_repeated_queries(): void
{
    assert(rangeSums([1, 1, 1, 1], [[0, 3], [0, 3], [1, 2]]) === [4, 4, 2], 'repeated queries');
}

function test_large_values(): void
{
    $nums = array_fill(0, 10000, 100000);
    assert(rangeSums($nums, [[0, 9999]]) === [1000000000], 'large values');
}
