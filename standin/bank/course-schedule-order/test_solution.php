<?php

function test_diamond(): void
{
    assert(findOrder(4, [[1, 0], [2, 0], [3, 1], [3, 2]]) === [0, 1, 2, 3], 'diamond');
}

function test_two_cycle(): void
{
    assert(findOrder(2, [[0, 1], [1, 0]]) === [], 'a cycle has no valid order');
}

function test_no_prerequisites(): void
{
    assert(findOrder(3, []) === [0, 1, 2], 'smallest number first');
}

function test_smallest_available_first(): void
{
    assert(findOrder(4, [[0, 3], [1, 3]]) === [2, 3, 0, 1], 'smallest available first');
}

function test_cycle_behind_free_courses(): void
{
    assert(findOrder(4, [[1, 0], [2, 1], [1, 2]]) === [], 'courses 1 and 2 block each other');
}

function test_long_chain(): void
{
    $n = 2000;
    $prerequisites = [];
    for ($k = 0; $k < $n - 1; $k++) {
        $prerequisites[] = [$k, $k + 1];
    }
    assert(findOrder($n, $prerequisites) === range($n - 1, 0), 'long chain');
}
