<?php

function test_example(): void
{
    assert(maxSlidingWindow([1, 3, -1, -3, 5, 3, 6, 7], 3) === [3, 3, 5, 5, 6, 7], 'example');
}

function test_single_element(): void
{
    assert(maxSlidingWindow([1], 1) === [1], 'single element');
}

function test_window_is_whole_list(): void
{
    assert(maxSlidingWindow([4, -2, 9, 1], 4) === [9], 'window is the whole list');
}

function test_window_of_one(): void
{
    assert(maxSlidingWindow([2, -1, 5], 1) === [2, -1, 5], 'each element is its own maximum');
}

function test_decreasing_values(): void
{
    assert(maxSlidingWindow([9, 8, 7, 6, 5], 2) === [9, 8, 7, 6], 'the old maximum must leave the window');
}

function test_large_input(): void
{
    $nums = range(0, 99999);
    assert(maxSlidingWindow($nums, 1000) === range(999, 99999), 'large input');
}
