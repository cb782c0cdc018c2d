<?php

function spiralOrder(array $matrix): array
{
    // Keep four boundaries of the unvisited rectangle and peel one ring at a
    // time: top row, right column, bottom row (if a distinct row remains),
    // left column (if a distinct column remains), then shrink the rectangle.
    $result = [];
    if (count($matrix) === 0 || count($matrix[0]) === 0) {
        return $result;
    }
    $top = 0;
    $bottom = count($matrix) - 1;
    $left = 0;
    $right = count($matrix[0]) - 1;
    while ($top <= $bottom && $left <= $right) {
        for ($c = $left; $c <= $right; $c++) {
            $result[] = $matrix[$top][$c];
        }
        for ($r = $top + 1; $r <= $bottom; $r++) {
            $result[] = $matrix[$r][$right];
        }
        if ($top < $bottom) {
            for ($c = $right - 1; $c >= $left; $c--) {
                $result[] = $matrix[$bottom][$c];
            }
        }
        if ($left < $right) {
            for ($r = $bottom - 1; $r > $top; $r--) {
                $result[] = $matrix[$r][$left];
            }
        }
        $top++;
        $bottom--;
        $left++;
        $right--;
    }
    return $result;
}
