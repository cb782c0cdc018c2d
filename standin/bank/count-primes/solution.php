<?php

function countPrimes(int $n): int
{
    // Sieve of Eratosthenes: for each prime p, cross out p*p, p*p + p, ...
    // (smaller multiples were already crossed out by smaller primes).
    // A byte string is used as the sieve: one byte per number, ~n bytes total.
    if ($n < 3) {
        return 0;
    }
    $isPrime = str_repeat("\1", $n);
    $isPrime[0] = "\0";
    $isPrime[1] = "\0";
    for ($p = 2; $p * $p < $n; $p++) {
        if ($isPrime[$p] === "\1") {
            for ($multiple = $p * $p; $multiple < $n; $multiple += $p) {
                $isPrime[$multiple] = "\0";
            }
        }
    }
    return substr_count($isPrime, "\1");
}
