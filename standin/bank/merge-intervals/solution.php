<?php

function mergeIntervals(array $intervals): array
{
    // After sorting by start, overlapping intervals are adjacent, so one sweep
    // suffices: either extend the last merged interval or start a new one.
    // PHP arrays are passed by value, so sorting here leaves the caller's copy alone.
    usort($intervals, fn(array $a, array $b): int => $a[0] <=> $b[0]);
    $merged = [];
    foreach ($intervals as [$start, $end]) {
        $last = count($merged) - 1;
        if ($last >= 0 && $start <= $merged[$last][1]) {
            // Overlaps (or touches) the previous interval: extend its end.
            $merged[$last][1] = max($merged[$last][1], $end);
        } else {
            $merged[] = [$start, $end];
        }
    }
    return $merged;
}
