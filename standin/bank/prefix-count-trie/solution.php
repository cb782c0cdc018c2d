<?php

function countPrefixes(array $words, array $queries): array
{
    // Trie stored as parallel arrays: $children[$node] maps a letter to a child
    // node and $passing[$node] counts the words whose path goes through node.
    // The root (node 0) is passed by every word, which answers ''.
    $children = [[]];
    $passing = [0];
    foreach ($words as $word) {
        $node = 0;
        $passing[$node]++;
        $length = strlen($word);
        for ($i = 0; $i < $length; $i++) {
            $letter = $word[$i];
            if (!isset($children[$node][$letter])) {
                $children[$node][$letter] = count($children);
                $children[] = [];
                $passing[] = 0;
            }
            $node = $children[$node][$letter];
            $passing[$node]++;
        }
    }

    $answers = [];
    foreach ($queries as $query) {
        $node = 0;
        $length = strlen($query);
        for ($i = 0; $i < $length && $node !== -1; $i++) {
            $node = $children[$node][$query[$i]] ?? -1;
        }
        $answers[] = $node === -1 ? 0 : $passing[$node];
    }
    return $answers;
}
