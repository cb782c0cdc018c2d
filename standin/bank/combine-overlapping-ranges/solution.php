<?php

function combineRanges(array $ranges): array
{
    // Sort by start so that any ranges that overlap end up next to each other,
    // then sweep once, growing the current range while the next one overlaps.
    usort($ranges, fn(array $a, array $b): int => $a[0] <=> $b[0]);
    $result = [];
    foreach ($ranges as [$start, $end]) {
        $last = count($result) - 1;
        if ($last >= 0 && $start <= $result[$last][1]) {
            $result[$last][1] = max($result[$last][1], $end);
        } else {
            $result[] = [$start, $end];
        }
    }
    return $result;
}
