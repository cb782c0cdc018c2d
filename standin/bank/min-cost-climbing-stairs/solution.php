<?php

function minCostClimbingStairs(array $cost): int
{
    // best_i = cheapest way to stand on step i before paying for it.
    // Steps 0 and 1 are free to stand on; afterwards
    // best_i = min(best_{i-1} + cost[i-1], best_{i-2} + cost[i-2]).
    // The top is "step count($cost)"; only the last two values are needed.
    $twoBack = 0;
    $oneBack = 0;
    $n = count($cost);
    for ($i = 2; $i <= $n; $i++) {
        $current = min($oneBack + $cost[$i - 1], $twoBack + $cost[$i - 2]);
        $twoBack = $oneBack;
        $oneBack = $current;
    }
    return $oneBack;
}
