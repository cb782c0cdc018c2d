<?php

function test_n_two(): void
{
    assert(countBits(2) === [0, 1, 1], 'n = 2');
}

function test_n_five(): void
{
    assert(countBits(5) === [0, 1, 1, 2, 1, 2], 'n = 5');
}

function test_zero(): void
{
    assert(countBits(0) === [0], 'only the number 0');
}

function test_powers_of_two(): void
{
    $result = countBits(16);
    assert([$result[1], $result[2], $result[4], $result[8], $result[16]] === [1, 1, 1, 1, 1], 'powers of two have one bit');
}

function test_all_ones(): void
{
    $result = countBits(1023);
    assert($result[1023] === 10, '1023 = 0b1111111111');
    assert(count($result) === 1024, 'length n + 1');
}
