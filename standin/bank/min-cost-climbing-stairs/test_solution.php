<?php

function test_short_example(): void
{
    assert(minCostClimbingStairs([10, 15, 20]) === 15, 'short example');
}

function test_long_example(): void
{
    assert(minCostClimbingStairs([1, 100, 1, 1, 1, 100, 1, 1, 100, 1]) === 6, 'long example');
}

function test_two_free_steps(): void
{
    assert(minCostClimbingStairs([0, 0]) === 0, 'two free steps');
}

function test_two_steps_pick_cheaper(): void
{
    assert(minCostClimbingStairs([5, 3]) === 3, 'start on step 1 and jump to the top');
}

function test_increasing_costs(): void
{
    assert(minCostClimbingStairs([1, 2, 3, 4]) === 4, 'steps 0 and 2');
}
