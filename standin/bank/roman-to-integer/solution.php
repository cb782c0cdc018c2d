<?php

function romanToInt(string $s): int
{
    // Scan left to right. A symbol is subtracted exactly when the symbol after
    // it is worth more (the subtractive pairs IV, IX, XL, XC, CD, CM);
    // otherwise it is added.
    $values = ['I' => 1, 'V' => 5, 'X' => 10, 'L' => 50, 'C' => 100, 'D' => 500, 'M' => 1000];
    $total = 0;
    $n = strlen($s);
    for ($i = 0; $i < $n; $i++) {
        $value = $values[$s[$i]];
        if ($i + 1 < $n && $value < $values[$s[$i + 1]]) {
            $total -= $value;
        } else {
            $total += $value;
        }
    }
    return $total;
}
