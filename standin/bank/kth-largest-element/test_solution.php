<?php

function test_first_example(): void
{
    assert(findKthLargest([3, 2, 1, 5, 6, 4], 2) === 5, 'first example');
}

function test_duplicates_count(): void
{
    assert(findKthLargest([3, 2, 3, 1, 2, 4, 5, 5, 6], 4) === 4, 'duplicates count separately');
}

function test_k_equals_length(): void
{
    assert(findKthLargest([7, -2, 9], 3) === -2, 'k = count($nums) gives the minimum');
}

function test_single_element(): void
{
    assert(findKthLargest([1], 1) === 1, 'single element');
}

function test_input_unchanged(): void
{
    $nums = [5, 1, 4];
    findKthLargest($nums, 1);
    assert($nums === [5, 1, 4], 'input unchanged');
}

function test_many_values(): void
{
    $nums = range(100000, 1);
    assert(findKthLargest($nums, 1000) === 99001, 'many values');
}
