<?php

function searchInsert(array $nums, int $target): int
{
    // Find the first index whose value is >= target (the lower bound).
    // Binary search over the indices of nums.
    $lo = 0;
    $hi = count($nums) - 1;
    while ($lo < $hi) {
        $mid = intdiv($lo + $hi, 2);
        if ($nums[$mid] < $target) {
            $lo = $mid + 1;
        } else {
            $hi = $mid;
        }
    }
    return $lo;
}
