<?php

function findKthLargest(array $nums, int $k): int
{
    // Keep a min-heap holding the k largest values seen so far. Its root is
    // the smallest of them, i.e. the k-th largest overall once every value
    // has been offered. Each insert/extract costs O(log k).
    $heap = new SplMinHeap();
    foreach ($nums as $value) {
        if ($heap->count() < $k) {
            $heap->insert($value);
        } elseif ($value > $heap->top()) {
            $heap->extract();
            $heap->insert($value);
        }
    }
    return $heap->top();
}
