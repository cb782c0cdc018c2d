<?php

function isValidParentheses(string $s): bool
{
    // Push every opener; each closer must match the most recent unmatched
    // opener, which is the top of the stack. At the end nothing may be open.
    $pairs = [')' => '(', ']' => '[', '}' => '{'];
    $stack = []
    foreach (str_split($s) as $ch) {
        if (isset($pairs[$ch])) {
            // A closer with an empty stack or the wrong opener on top fails.
            if (count($stack) === 0 || array_pop($stack) !== $pairs[$ch]) {
                return false;
            }
        } else {
            $stack[] = $ch;
        }
    }
    return count($stack) === 0;
}
