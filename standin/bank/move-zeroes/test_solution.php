<?php

function test_example(): void
{
    assert(moveZeroes([0, 1, 0, 3, 12]) === [1, 3, 12, 0, 0], 'example');
}

function test_single_zero(): void
{
    assert(moveZeroes([0]) === [0], 'single zero');
}

function test_empty(): void
{
    assert(moveZeroes([]) === [], 'empty');
}

function test_no_zeroes(): void
{
    assert(moveZeroes([1, 2, 3]) === [1, 2, 3], 'no zeroes');
}

function test_negative_values_keep_order(): void
{
    assert(moveZeroes([-1, 0, -2]) === [-1, -2, 0], 'order of non-zero values is kept, not sorted');
}

function test_in_place(): void
{
    $data = [0, 0, 1];
    $result = moveZeroes($data);
    assert($result === [1, 0, 0], 'the returned array is rearranged');
}
