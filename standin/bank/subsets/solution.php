<?php

function subsets(array $nums): array
{
    // Backtracking: record the current subset, then for each later index
    // choose it, recurse, and un-choose it. Every subset is recorded exactly
    // once, at the moment its last element is chosen (or at the root for []).
    $result = [];
    $current = [];
    $n = count($nums);
    $backtrack = function (int $start) use (&$backtrack, &$result, &$current, $nums, $n): void {
        $result[] = $current;
        for ($index = $start; $index < $n; $index++) {
            $current[] = $nums[$index];
            $backtrack($index + 1);
            array_pop($current);
        }
    };
    $backtrack(0);
    return $result;
}
