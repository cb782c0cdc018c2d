<?php

function singleNumber(array $nums): int
{
    // XOR is associative and commutative, x ^ x == 0 and x ^ 0 == x, so
    // XOR-ing everything cancels the pairs and leaves the lonely value.
    // This also holds for negative numbers (two's complement bit patterns).
    $result = 0;
    foreach ($nums as $value) {
        $result ^= $value;
    }
    return $result;
}
