<?php

function digitSquareSum(int $n): int
{
    // Sum of the squares of the decimal digits of n.
    $total = 0;
    while ($n > 0) {
        $digit = $n % 10;
        $total += $digit * $digit;
        $n = intdiv($n, 10);
    }
    return $total;
}

function isHappy(int $n): bool
{
    // Keep replacing n by the sum of the squares of its digits until we get 1.
    while ($n !== 1) {
        $n = digitSquareSum($n);
    }
    return true;
}
