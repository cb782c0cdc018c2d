<?php

function test_reachable(): void
{
    assert(canJump([2, 3, 1, 1, 4]) === true, 'reachable');
}

function test_blocked_by_zero(): void
{
    assert(canJump([3, 2, 1, 0, 4]) === false, 'blocked by zero');
}

function test_single_element(): void
{
    assert(canJump([0]) === true, 'already at the last index');
}

function test_zero_at_start(): void
{
    assert(canJump([0, 1]) === false, 'zero at start');
}

function test_jump_over_zeros(): void
{
    assert(canJump([4, 0, 0, 0, 1]) === true, 'one long jump over the zeros');
    assert(canJump([1, 1, 0, 0, 1]) === false, 'stuck on a zero');
}
