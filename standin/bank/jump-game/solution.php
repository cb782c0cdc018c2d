<?php

function canJump(array $nums): bool
{
    // $farthest = the largest index reachable using the positions seen so far.
    // If we ever stand beyond it, that position is unreachable and so is
    // everything after it.
    $farthest = 0;
    $last = count($nums) - 1;
    foreach ($nums as $i => $step) {
        if ($i > $farthest) {
            return false;
        }
        $farthest = max($farthest, $i + $step);
        if ($farthest >= $last) {
            return true;
        }
    }
    return true;
}
