<?php

function editDistance(string $word1, string $word2): int
{
    // dist[i][j] = edits to turn word1[:i] into word2[:j]. The last step is
    // either a delete (dist[i-1][j] + 1), an insert (dist[i][j-1] + 1) or a
    // replace/keep (dist[i-1][j-1] + (characters differ)). Row i only needs
    // row i - 1, so two rows suffice.
    $m = strlen($word1);
    $n = strlen($word2);
    $previous = range(0, $n); // turning '' into word2[:j] takes j inserts
    for ($i = 1; $i <= $m; $i++) {
        $current = [$i]; // turning word1[:i] into '' takes i deletes
        for ($j = 1; $j <= $n; $j++) {
            $substitute = $previous[$j - 1] + ($word1[$i - 1] !== $word2[$j - 1] ? 1 : 0);
            $current[$j] = min($previous[$j] + 1, $current[$j - 1] + 1, $substitute);
        }
        $previous = $current;
    }
    return $previous[$n];
}
