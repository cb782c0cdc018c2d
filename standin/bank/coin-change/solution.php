<?php

function coinChange(array $coins, int $amount): int
{
    // fewest[a] = fewest coins summing to a. Any real answer uses at most
    // `amount` coins (each is >= 1), so amount + 1 works as "unreachable".
    // fewest[a] = 1 + min(fewest[a - coin]) over coins that fit.
    $unreachable = $amount + 1;
    $fewest = array_fill(0, $amount + 1, $unreachable);
    $fewest[0] = 0;
    for ($a = 1; $a <= $amount; $a++) {
        foreach ($coins as $coin) {
            if ($coin <= $a && $fewest[$a - $coin] + 1 < $fewest[$a]) {
                $fewest[$a] = $fewest[$a - $coin] + 1;
            }
        }
    }
    return $fewest[$amount] !== $unreachable ? $fewest[$amount] : -1;
}
