<?php

function subarraySum(array $nums, int $k): int
{
    // sum(nums[i..j-1]) == prefix[j] - prefix[i]. Walking j from left to right,
    // the subarrays ending at j that sum to k correspond to earlier prefix
    // sums equal to prefix[j] - k, so count how often each prefix sum occurred.
    $seenPrefixes = [0 => 1]; // the empty prefix
    $running = 0;
    $count = 0;
    foreach ($nums as $value) {
        $running += $value;
        $count += $seenPrefixes[$running - $k] ?? 0;
        $seenPrefixes[$running] = ($seenPrefixes[$running] ?? 0) + 1;
    }
    return $count;
}
