<?php

function moveZeroes(array $nums): array
{
    // write marks where the next non-zero value belongs. Copy every non-zero
    // value forward in its original order, then fill the tail with zeros.
    // PHP passes arrays by value, so the rearranged copy is returned.
    $write = 0;
    $n = count($nums);
    for ($read = 0; $read < $n; $read++) {
        if ($nums[$read] !== 0) {
            $nums[$write] = $nums[$read];
            $write++;
        }
    }
    for ($k = $write; $k < $n; $k++) {
        $nums[$k] = 0;
    }
    return $nums;
}
