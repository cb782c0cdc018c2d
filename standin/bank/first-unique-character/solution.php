<?php

function firstUniqueChar(string $s): int
{
    // Two passes: count every letter once, then return the first position
    // whose letter has a count of exactly one. O(n) time, O(1) extra space
    // (at most 26 distinct letters).
    $counts = count_chars($s, 1);
    $n = strlen($s);
    for ($index = 0; $index < $n; $index++) {
        if ($counts[ord($s[$index])] === 1) {
            return $index;
        }
    }
    return -1;
}
