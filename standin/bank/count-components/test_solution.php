<?php

function test_two_components(): void
{
    assert(countComponents(5, [[0, 1], [1, 2], [3, 4]]) === 2, 'two components');
}

function test_no_edges(): void
{
    assert(countComponents(4, []) === 4, 'isolated nodes are components');
}

function test_cycle_and_repeats(): void
{
    assert(countComponents(3, [[0, 1], [1, 2], [2, 0], [0, 1], [1, 1]]) === 1, 'repeated edges and self loops change nothing');
}

function test_single_node(): void
{
    assert(countComponents(1, []) === 1, 'single node');
}

function test_long_chain(): void
{
    $n = 100000;
    $edges = [];
    for ($k = 0; $k < $n - 1; $k++) {
        $edges[] = [$k, $k + 1];
    }
    assert(countComponents($n, $edges) === 1, 'long chain');
}

function test_pairs(): void
{
    assert(countComponents(6, [[0, 5], [1, 4], [2, 3]]) === 3, 'pairs');
}
