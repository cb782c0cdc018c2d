<?php

function networkDelayTime(array $times, int $n, int $k): int
{
    // Dijkstra: repeatedly settle the unsettled node with the smallest known
    // arrival time; its time is final because all delays are non-negative.
    // Stale heap entries (a node already settled) are skipped. SplMinHeap
    // orders the [time, node] pairs by time first.
    $links = array_fill(1, $n, []);
    foreach ($times as [$u, $v, $w]) {
        $links[$u][] = [$v, $w];
    }
    $arrival = [];
    $heap = new SplMinHeap();
    $heap->insert([0, $k]);
    while (!$heap->isEmpty()) {
        [$time, $node] = $heap->extract();
        if (isset($arrival[$node])) {
            continue;
        }
        $arrival[$node] = $time;
        foreach ($links[$node] as [$next, $delay]) {
            if (!isset($arrival[$next])) {
                $heap->insert([$time + $delay, $next]);
            }
        }
    }
    // Nodes are settled in increasing time, so the last one settled is the max.
    return count($arrival) === $n ? max($arrival) : -1;
}
