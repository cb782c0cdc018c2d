<?php

function trap(array $height): int
{
    // Two pointers move inwards. Water above a bar is limited by the lower of
    // the two side maxima. If leftMax <= rightMax, the bar at $left is
    // bounded by leftMax (something at least as tall exists on the right),
    // so its water is known exactly; symmetrically for the right side.
    $left = 0;
    $right = count($height) - 1;
    $leftMax = 0;
    $rightMax = 0;
    $water = 0;
    while ($left <= $right) {
        if ($leftMax <= $rightMax) {
            $leftMax = max($leftMax, $height[$left]);
            $water += $leftMax - $height[$left]; // never negative: max includes the bar
            $left++;
        } else {
            $rightMax = max($rightMax, $height[$right]);
            $water += $rightMax - $height[$right];
            $right--;
        }
    }
    return $water;
}
