<?php

function test_five_rows(): void
{
    assert(generatePascal(5) === [[1], [1, 1], [1, 2, 1], [1, 3, 3, 1], [1, 4, 6, 4, 1]], 'five rows');
}

function test_one_row(): void
{
    assert(generatePascal(1) === [[1]], 'one row');
}

function test_zero_rows(): void
{
    assert(generatePascal(0) === [], 'no rows requested');
}

function test_row_sums_are_powers_of_two(): void
{
    $sums = array_map('array_sum', generatePascal(10));
    $powers = array_map(fn(int $k): int => 2 ** $k, range(0, 9));
    assert($sums === $powers, 'row sums are powers of two');
}

function test_last_row_of_thirty(): void
{
    $rows = generatePascal(30);
    $last = $rows[29];
    assert(count($last) === 30, 'row 30 has 30 entries');
    assert($last[15] === 77558760, 'C(29, 15)');
}
