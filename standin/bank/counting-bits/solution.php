<?php

function countBits(int $n): array
{
    // i >> 1 drops the lowest bit of i and is smaller than i, so its count is
    // already known; add back the dropped bit (i & 1).
    $ans = array_fill(0, $n + 1, 0);
    for ($i = 1; $i <= $n; $i++) {
        $ans[$i] = $ans[$i >> 1] + ($i & 1);
    }
    return $ans;
}
