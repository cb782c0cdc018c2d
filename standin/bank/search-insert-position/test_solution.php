<?php

function test_found(): void
{
    assert(searchInsert([1, 3, 5, 6], 5) === 2, 'found');
}

function test_insert_in_middle(): void
{
    assert(searchInsert([1, 3, 5, 6], 2) === 1, 'insert in middle');
}

function test_insert_at_end(): void
{
    assert(searchInsert([1, 3, 5, 6], 7) === 4, 'target larger than every element goes to count($nums)');
}

function test_insert_at_start(): void
{
    assert(searchInsert([1, 3, 5, 6], 0) === 0, 'insert at start');
}

function test_empty_list(): void
{
    assert(searchInsert([], 3) === 0, 'empty list');
}

function test_single_element_after(): void
{
    assert(searchInsert([1], 2) === 1, 'single element, target after it');
}
