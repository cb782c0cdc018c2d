<?php

function lengthOfLongestSubstring(string $s): int
{
    // Sliding window [start, i] that never contains a repeated character.
    // $lastSeen maps a character to its latest index. When $s[$i] was seen inside
    // the current window, move start just past that earlier occurrence. The
    // max() matters: an occurrence before start must not move start backwards.
    $lastSeen = [];
    $start = 0;
    $best = 0;
    $n = strlen($s);
    for ($i = 0; $i < $n; $i++) {
        $ch = $s[$i];
        if (isset($lastSeen[$ch])) {
            $start = max($start, $lastSeen[$ch] + 1);
        }
        $lastSeen[$ch] = $i;
        $best = max($best, $i - $start + 1);
    }
    return $best;
}
