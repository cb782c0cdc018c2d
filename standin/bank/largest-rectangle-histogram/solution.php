<?php

function largestRectangleArea(array $heights): int
{
    // Keep a stack of indices with increasing heights. When a lower bar
    // arrives at index i, every taller bar on the stack has found its right
    // limit (i) and its left limit (the index below it on the stack), so its
    // widest rectangle can be measured and the bar popped. A final sentinel
    // bar of height 0 flushes whatever remains on the stack.
    $stack = [];
    $best = 0;
    $n = count($heights);
    for ($i = 0; $i <= $n; $i++) {
        $height = $i < $n ? $heights[$i] : 0;
        while ($stack && $heights[$stack[count($stack) - 1]] >= $height) {
            $top = array_pop($stack);
            $left = $stack ? $stack[count($stack) - 1] + 1 : 0;
            $best = max($best, $heights[$top] * ($i - $left));
        }
        $stack[] = $i;
    }
    return $best;
}
