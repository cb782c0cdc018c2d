<?php

function test_three_elements(): void
{
    assert(subsets([1, 2, 3]) === [[], [1], [1, 2], [1, 2, 3], [1, 3], [2], [2, 3], [3]], 'three elements');
}

function test_single_element(): void
{
    assert(subsets([0]) === [[], [0]], 'single element');
}

function test_empty_input(): void
{
    assert(subsets([]) === [[]], 'the empty set has one subset');
}

function test_order_follows_input(): void
{
    assert(subsets([3, -1]) === [[], [3], [3, -1], [-1]], 'elements keep their input order');
}

function test_count_is_power_of_two(): void
{
    $result = subsets(range(0, 9));
    assert(count($result) === 1024, '2^10 subsets');
    $keys = array_unique(array_map(fn(array $s): string => implode(',', $s), $result));
    assert(count($keys) === 1024, 'no duplicates');
}
