<?php

function isValidBst(array $tree): bool
{
    // Every node must lie strictly inside an open interval (low, high) that
    // its ancestors impose: going left caps the high bound at the parent's
    // value, going right raises the low bound. An explicit stack avoids
    // recursion. null bounds mean "unbounded".
    $stack = [[0, null, null]];
    $n = count($tree);
    while ($stack) {
        [$index, $low, $high] = array_pop($stack);
        if ($index >= $n || $tree[$index] === null) {
            continue;
        }
        $value = $tree[$index];
        if (($low !== null && $value <= $low) || ($high !== null && $value >= $high)) {
            return false;
        }
        $stack[] = [2 * $index + 1, $low, $value];
        $stack[] = [2 * $index + 2, $value, $high];
    }
    return true;
}
