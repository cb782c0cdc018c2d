<?php

function maxSlidingWindow(array $nums, int $k): array
{
    // The deque holds indices of the current window whose values strictly
    // decrease from front to back. A new value evicts every smaller-or-equal
    // value from the back (they can never be a maximum again); the front is
    // dropped once it slides out of the window. The front is always the max.
    // The deque is an array plus a head index: pops at the back use
    // array_pop, pops at the front just advance $head.
    $candidates = [];
    $head = 0;
    $result = [];
    foreach ($nums as $i => $value) {
        while (count($candidates) > $head && $nums[$candidates[count($candidates) - 1]] <= $value) {
            array_pop($candidates);
        }
        $candidates[] = $i;
        if ($candidates[$head] <= $i - $k) {
            $head++;
        }
        if ($i >= $k - 1) {
            $result[] = $nums[$candidates[$head]];
        }
    }
    return $result;
}
