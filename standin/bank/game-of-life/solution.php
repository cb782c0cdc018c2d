<?php

function gameOfLifeStep(array $board): array
{
    // Every cell's next state depends only on the current board, so read from
    // $board and write into a fresh grid; updating in place would let
    // already-updated cells leak into their neighbours' counts.
    $rows = count($board);
    $cols = count($board[0]);
    $result = array_fill(0, $rows, array_fill(0, $cols, 0));
    for ($r = 0; $r < $rows; $r++) {
        for ($c = 0; $c < $cols; $c++) {
            $live = 0;
            for ($dr = -1; $dr <= 1; $dr++) {
                for ($dc = -1; $dc <= 1; $dc++) {
                    $nr = $r + $dr;
                    $nc = $c + $dc;
                    if (($dr !== 0 || $dc !== 0) && $nr >= 0 && $nr < $rows && $nc >= 0 && $nc < $cols) {
                        $live += $board[$nr][$nc];
                    }
                }
            }
            if ($live === 3 || ($live === 2 && $board[$r][$c] === 1)) {
                $result[$r][$c] = 1;
            }
        }
    }
    return $result;
}
