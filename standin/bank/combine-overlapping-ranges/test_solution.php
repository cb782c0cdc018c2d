<?php

function test_first_example(): void
{
    assert(combineRanges([[5, 7], [1, 2], [6, 9]]) === [[1, 2], [5, 9]], 'first example');
}

function test_point_range_absorbed(): void
{
    assert(combineRanges([[2, 3], [3, 3]]) === [[2, 3]], 'point range absorbed');
}

function test_empty_input(): void
{
    assert(combineRanges([]) === [], 'empty input');
}

function test_disjoint_ranges(): void
{
    assert(combineRanges([[4, 5], [0, 1], [2, 3]]) === [[0, 1], [2, 3], [4, 5]], 'gaps keep ranges apart');
}

function test_chain_of_overlaps(): void
{
    assert(combineRanges([[1, 2], [2, 4], [3, 8], [8, 9]]) === [[1, 9]], 'chain of overlaps');
}
