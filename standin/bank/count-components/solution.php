<?php

function countComponents(int $n, array $edges): int
{
    // Union-find: every node starts as its own set. Each edge that joins two
    // different sets merges them and reduces the component count by one.
    $parent = range(0, $n - 1);
    $size = array_fill(0, $n, 1);

    $find = function (int $x) use (&$parent): int {
        // Locate the root, then point every node on the path straight at it
        // (path compression), iteratively to avoid deep recursion.
        $root = $x;
        while ($parent[$root] !== $root) {
            $root = $parent[$root];
        }
        while ($parent[$x] !== $root) {
            $next = $parent[$x];
            $parent[$x] = $root;
            $x = $next;
        }
        return $root;
    };

    $components = $n;
    foreach ($edges as [$a, $b]) {
        $rootA = $find($a);
        $rootB = $find($b);
        if ($rootA === $rootB) {
            continue;
        }
        // Union by size keeps the trees shallow.
        if ($size[$rootA] < $size[$rootB]) {
            [$rootA, $rootB] = [$rootB, $rootA];
        }
        $parent[$rootB] = $rootA;
        $size[$rootA] += $size[$rootB];
        $components--;
    }
    return $components;
}
