<?php

function test_below_ten(): void
{
    assert(countPrimes(10) === 4, 'below ten');
}

function test_tiny_inputs(): void
{
    assert(countPrimes(0) === 0, 'n = 0');
    assert(countPrimes(1) === 0, 'n = 1');
    assert(countPrimes(2) === 0, '2 itself is not below 2');
}

function test_three(): void
{
    assert(countPrimes(3) === 1, 'n = 3');
}

function test_below_hundred(): void
{
    assert(countPrimes(100) === 25, 'below one hundred');
}

function test_one_million(): void
{
    assert(countPrimes(1000000) === 78498, 'below one million');
}
