<?php

function test_first_example(): void
{
    assert(pairWithTargetSum([1, 4, 6, 9], 10) === [1, 2], 'first example');
}

function test_duplicate_values(): void
{
    assert(pairWithTargetSum([5, 5], 10) === [0, 1], 'equal values at two positions');
}

function test_no_self_pairing(): void
{
    assert(pairWithTargetSum([4, 1, 7], 8) === [1, 2], '4 must not be used twice');
}

function test_negative_target(): void
{
    assert(pairWithTargetSum([-3, 8, -7, 2], -10) === [0, 2], 'negative target');
}

function test_large_values(): void
{
    assert(pairWithTargetSum([1000000000, -1000000000, 3], 0) === [0, 1], 'large values');
}
