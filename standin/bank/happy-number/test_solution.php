<?php

function test_nineteen_is_happy(): void
{
    assert(isHappy(19) === true, '19 is happy');
}

function test_two_is_unhappy(): void
{
    assert(isHappy(2) === false, '2 falls into the cycle 4 -> 16 -> ... -> 4');
}

function test_one_is_happy(): void
{
    assert(isHappy(1) === true, '1 is happy');
}

function test_seven_is_happy(): void
{
    assert(isHappy(7) === true, '7 -> 49 -> 97 -> 130 -> 10 -> 1');
}

function test_large_unhappy(): void
{
    assert(isHappy(2147483647) === false, '2^31 - 1 is unhappy');
}
