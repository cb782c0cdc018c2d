<?php

function generatePascal(int $numRows): array
{
    // Build row by row: each new row is 1, the pairwise sums of the previous
    // row's neighbours, and 1 again.
    $rows = [];
    for ($r = 0; $r < $numRows; $r++) {
        if ($r === 0) {
            $rows[] = [1];
            continue;
        }
        $previous = $rows[$r - 1];
        $row = [1];
        for ($k = 0; $k < count($previous) - 1; $k++) {
            $row[] = $previous[$k] + $previous[$k + 1];
        }
        $row[] = 1;
        $rows[] = $row;
    }
    return $rows;
}
