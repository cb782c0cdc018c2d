<?php

function numIslands(array $grid): int
{
    // Scan every cell; each unvisited land cell starts a new island, and a
    // BFS from it marks the whole island as visited so it is counted once.
    // The queue is an array with a moving head index (no costly array_shift).
    $rows = count($grid);
    $cols = $rows > 0 ? strlen($grid[0]) : 0;
    $visited = [];
    $islands = 0;
    for ($r = 0; $r < $rows; $r++) {
        for ($c = 0; $c < $cols; $c++) {
            if ($grid[$r][$c] !== '1' || isset($visited[$r][$c])) {
                continue;
            }
            $islands++;
            $visited[$r][$c] = true;
            $queue = [[$r, $c]];
            for ($head = 0; $head < count($queue); $head++) {
                [$cr, $cc] = $queue[$head];
                foreach ([[$cr + 1, $cc], [$cr - 1, $cc], [$cr, $cc + 1], [$cr, $cc - 1]] as [$nr, $nc]) {
                    if (inBounds($nr, $nc, $rows, $cols)
                        && $grid[$nr][$nc] === '1' && !isset($visited[$nr][$nc])) {
                        $visited[$nr][$nc] = true;
                        $queue[] = [$nr, $nc];
                    }
                }
            }
        }
    }
    return $islands;
}
