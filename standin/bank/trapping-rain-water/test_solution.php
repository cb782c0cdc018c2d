<?php

function test_first_example(): void
{
    assert(trap([0, 1, 0, 2, 1, 0, 1, 3, 2, 1, 2, 1]) === 6, 'first example');
}

function test_second_example(): void
{
    assert(trap([4, 2, 0, 3, 2, 5]) === 9, 'second example');
}

function test_too_short(): void
{
    assert(trap([]) === 0, 'empty');
    assert(trap([3]) === 0, 'single bar');
}

function test_increasing_holds_nothing(): void
{
    assert(trap([1, 2, 3]) === 0, 'a bar taller than both neighbours holds no water, never negative');
}

function test_single_basin(): void
{
    assert(trap([5, 0, 5]) === 5, 'single basin');
}

function test_two_basins(): void
{
    assert(trap([2, 0, 2, 0, 2]) === 4, 'two basins');
}
