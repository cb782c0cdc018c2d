<?php

function test_example(): void
{
    assert(networkDelayTime([[2, 1, 1], [2, 3, 1], [3, 4, 1]], 4, 2) === 2, 'example');
}

function test_single_link(): void
{
    assert(networkDelayTime([[1, 2, 1]], 2, 1) === 1, 'single link');
}

function test_unreachable_node(): void
{
    assert(networkDelayTime([[1, 2, 1]], 2, 2) === -1, 'links are directed');
}

function test_single_node(): void
{
    assert(networkDelayTime([], 1, 1) === 0, 'single node');
}

function test_longer_route_is_faster(): void
{
    $times = [[1, 2, 10], [1, 3, 1], [3, 4, 1], [4, 2, 1]];
    assert(networkDelayTime($times, 4, 1) === 3, '1 -> 3 -> 4 -> 2 beats the direct link');
}

function test_parallel_links(): void
{
    assert(networkDelayTime([[1, 2, 7], [1, 2, 2], [2, 3, 0]], 3, 1) === 2, 'the cheaper duplicate wins');
}
