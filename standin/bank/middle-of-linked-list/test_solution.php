<?php

function test_odd_length(): void
{
    assert(middleNodeValue([1, 2, 3, 4, 5], [1, 2, 3, 4, -1], 0) === 3, 'odd length');
}

function test_even_length_second_middle(): void
{
    assert(middleNodeValue([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, -1], 0) === 4, 'second of the two middles');
}

function test_scrambled_storage(): void
{
    assert(middleNodeValue([30, 10, 20], [-1, 2, 0], 1) === 20, 'scrambled storage');
}

function test_single_node(): void
{
    assert(middleNodeValue([7], [-1], 0) === 7, 'single node');
}

function test_two_nodes(): void
{
    assert(middleNodeValue([8, 9], [-1, 0], 1) === 8, 'list is 9 -> 8, second middle is 8');
}
