<?php

function searchInsert(array $nums, int $target): int
{
    // Find the first index whose value is >= target (the lower bound).
    // The search range is half-open [lo, hi) and starts as [0, count),
    // so the answer count($nums) is reachable when target exceeds everything.
    $lo = 0;
    $hi = count($nums);
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
