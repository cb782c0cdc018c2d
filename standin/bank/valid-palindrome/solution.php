<?php

function isCleanPalindrome(string $s): bool
{
    // Two indices walk inwards, each skipping characters that are not ASCII
    // letters or digits; the characters they stop on must agree ignoring case.
    $keep = fn(string $ch): bool => preg_match('/^[A-Za-z0-9]$/', $ch) === 1;
    $left = 0;
    $right = strlen($s) - 1;
    while ($left < $right) {
        if (!$keep($s[$left])) {
            $left++;
        } elseif (!$keep($s[$right])) {
            $right--;
        } elseif (strtolower($s[$left]) !== strtolower($s[$right])) {
            return false;
        } else {
            $left++;
            $right--;
        }
    }
    return true;
}
