<?php

function test_first_example(): void
{
    assert(singleNumber([2, 2, 1]) === 1, 'first example');
}

function test_second_example(): void
{
    assert(singleNumber([4, 1, 2, 1, 2]) === 4, 'second example');
}

function test_single_element(): void
{
    assert(singleNumber([7]) === 7, 'single element');
}

function test_negative_values(): void
{
    assert(singleNumber([-3, 5, -3]) === 5, 'pairs of negative values cancel');
    assert(singleNumber([6, -1, 6]) === -1, 'the lonely value may be negative');
}

function test_zero_is_the_answer(): void
{
    assert(singleNumber([9, 0, 9]) === 0, 'zero is the answer');
}
