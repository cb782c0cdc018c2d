<?php

function test_first_example(): void
{
    assert(coinChange([1, 2, 5], 11) === 3, 'first example');
}

function test_impossible_amount(): void
{
    assert(coinChange([2], 3) === -1, 'unreachable amounts must give -1');
}

function test_zero_amount(): void
{
    assert(coinChange([1], 0) === 0, 'zero amount');
}

function test_greedy_is_not_optimal(): void
{
    assert(coinChange([1, 3, 4], 6) === 2, '3 + 3 beats the greedy 4 + 1 + 1');
}

function test_large_coins_do_not_fit(): void
{
    assert(coinChange([2147483647], 2) === -1, 'large coins do not fit');
}

function test_bigger_amount(): void
{
    assert(coinChange([186, 419, 83, 408], 6249) === 20, 'bigger amount');
}
