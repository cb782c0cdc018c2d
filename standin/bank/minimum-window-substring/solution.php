<?php

function minWindow(string $s, string $t): string
{
    // $need[c] = how many more copies of c the window still lacks (negative
    // means surplus). $missing = total copies still lacking. Extend the window
    // to the right; whenever nothing is missing, shrink from the left while
    // the window stays valid, and record it if it is the shortest so far.
    // Recording only strictly shorter windows keeps the leftmost one on ties.
    $need = [];
    $tLength = strlen($t);
    for ($i = 0; $i < $tLength; $i++) {
        $need[$t[$i]] = ($need[$t[$i]] ?? 0) + 1;
    }
    $missing = $tLength;
    $bestStart = 0;
    $bestLen = -1;
    $left = 0;
    $n = strlen($s);
    for ($right = 0; $right < $n; $right++) {
        $char = $s[$right];
        if (($need[$char] ?? 0) > 0) {
            $missing--;
        }
        $need[$char] = ($need[$char] ?? 0) - 1;
        if ($missing === 0) {
            // Drop surplus characters from the left edge.
            while ($need[$s[$left]] < 0) {
                $need[$s[$left]]++;
                $left++;
            }
            if ($bestLen === -1 || $right - $left + 1 < $bestLen) {
                $bestStart = $left;
                $bestLen = $right - $left + 1;
            }
            // Give up the required left character and keep searching.
            $need[$s[$left]]++;
            $missing++;
            $left++;
        }
    }
    return $bestLen === -1 ? '' : substr($s, $bestStart, $bestLen);
}
