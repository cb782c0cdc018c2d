<?php

function test_first_example(): void
{
    assert(twoSum([2, 7, 11, 15], 9) === [0, 1], 'first example');
}

function test_second_example(): void
{
    assert(twoSum([3, 2, 4], 6) === [1, 2], 'an element must not pair with itself');
}

function test_equal_values(): void
{
    assert(twoSum([3, 3], 6) === [0, 1], 'equal values');
}

function test_negative_numbers(): void
{
    assert(twoSum([-1, -2, -3, -4, -5], -8) === [2, 4], 'negative numbers');
}

function test_pair_at_the_end(): void
{
    assert(twoSum([1, 2, 3, 4, 5, 6], 11) === [4, 5], 'pair at the end');
}

function test_zero_target(): void
{
    assert(twoSum([0, 4, 3, 0], 0) === [0, 3], 'zero target');
}
