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
    // The sequence either reaches 1 or repeats a value (for n >= 1000 the next
    // value is smaller, so it ends up in a bounded range and must repeat).
    // Remember every value seen; a repeat before reaching 1 means a cycle.
    $seen = [];
    while ($n !== 1 && !isset($seen[$n])) {
        $seen[$n] = true;
        $n = digitSquareSum($n);
    }
    return $n === 1;
}
