<?php

function maxProfit(array $prices): int
{
    // Sweep the days once, keeping the cheapest price seen so far. Selling
    // today is only worth considering against that cheapest earlier buy.
    $best = 0;
    $cheapest = PHP_INT_MAX;
    foreach ($prices as $price) {
        if ($price < $cheapest) {
            $cheapest = $price;
        } else {
            $best = max($best, $price - $cheapest);
        }
    }
    return $best;
}
