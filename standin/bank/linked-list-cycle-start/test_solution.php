<?php

function test_no_cycle(): void
{
    assert(cycleStart([1, 2, -1], 0) === -1, 'no cycle');
}

function test_empty_list(): void
{
    assert(cycleStart([], -1) === -1, 'empty list');
}

function test_loop_after_tail(): void
{
    assert(cycleStart([1, 2, 3, 1], 0) === 1, 'loop after a tail');
}

function test_whole_list_is_a_loop(): void
{
    assert(cycleStart([1, 0], 0) === 0, '0 -> 1 -> 0');
}

function test_self_loop(): void
{
    assert(cycleStart([0], 0) === 0, 'self loop');
}

function test_long_tail_short_loop(): void
{
    assert(cycleStart([1, 2, 3, 4, 5, 6, 7, 3], 0) === 3, 'long tail, short loop');
}
