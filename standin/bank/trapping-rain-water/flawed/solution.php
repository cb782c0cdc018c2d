<?php

function trap(array $height): int
{
    // Water above bar i is min(tallest bar left of i, tallest bar right of i)
    // minus the bar's own height. Precompute both maxima, then sum.
    $n = count($height);
    if ($n < 3) {
        return 0;
    }
    $leftMax = [$height[0]];
    for ($i = 1; $i < $n; $i++) {
        $leftMax[$i] = max($leftMax[$i - 1], $height[$i]);
    }
    $rightMax = array_fill(0, $n, 0);
    $rightMax[$n - 1] = $height[$n - 1];
    for ($i = $n - 2; $i >= 0; $i--) {
        $rightMax[$i] = max($rightMax[$i + 1], $height[$i]);
    }
    $water = 0;
    for ($i = 1; $i < $n - 1; $i++) {
        $water += min($leftMax[$i - 1], $rightMax[$i + 1]) - $height[$i];
    }
    return $water;
}
