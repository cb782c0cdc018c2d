<?php

function longestCommonPrefix(array $words): string
{
    // The common prefix cannot be longer than the shortest word. Walk the
    // positions of the shortest word and stop at the first position where
    // some word has a different character.
    if (count($words) === 0) {
        return '';
    }
    $shortest = $words[0];
    foreach ($words as $word) {
        if (strlen($word) < strlen($shortest)) {
            $shortest = $word;
        }
    }
    for ($position = 0; $position < strlen($shortest); $position++) {
        foreach ($words as $word) {
            if ($word[$position] !== $shortest[$position]) {
                return substr($shortest, 0, $position);
            }
        }
    }
    return $shortest;
}
