<?php

function ladderLength(string $beginWord, string $endWord, array $wordList): int
{
    // Words are nodes; two words are adjacent when they share a wildcard
    // pattern (the word with one position replaced by '*'). BFS from
    // $beginWord finds the shortest ladder; the distance counts words.
    if (!in_array($endWord, $wordList, true)) {
        return 0;
    }
    $buckets = [];
    foreach ($wordList as $word) {
        for ($i = 0; $i < strlen($word); $i++) {
            $buckets[substr_replace($word, '*', $i, 1)][] = $word;
        }
    }
    $visited = [$beginWord => true];
    $queue = [[$beginWord, 1]];
    for ($head = 0; $head < count($queue); $head++) {
        [$word, $length] = $queue[$head];
        for ($i = 0; $i < strlen($word); $i++) {
            $pattern = substr_replace($word, '*', $i, 1);
            foreach ($buckets[$pattern] ?? [] as $neighbour) {
                if ($neighbour === $endWord) {
                    return $length + 1;
                }
                if (!isset($visited[$neighbour])) {
                    $visited[$neighbour] = true;
                    $queue[] = [$neighbour, $length + 1];
                }
            }
            // Every word in this bucket has been queued; never scan it again.
            $buckets[$pattern] = [];
        }
    }
    return 0;
}
