<?php

function test_first_example(): void
{
    assert(maxProfit([7, 1, 5, 3, 6, 4]) === 5, 'first example');
}

function test_falling_prices(): void
{
    assert(maxProfit([7, 6, 4, 3, 1]) === 0, 'no profitable trade means 0');
}

function test_single_day(): void
{
    assert(maxProfit([5]) === 0, 'single day');
}

function test_minimum_after_maximum(): void
{
    assert(maxProfit([3, 8, 1, 4]) === 5, 'the later lower price must not be sold before it is bought');
}

function test_flat_prices(): void
{
    assert(maxProfit([2, 2, 2]) === 0, 'flat prices');
}
