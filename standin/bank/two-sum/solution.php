<?php

function twoSum(array $nums, int $target): array
{
    // Walk the array once, remembering the index of every value seen so far.
    // For $nums[$j], the partner we need is $target - $nums[$j]; if it was
    // seen at index $i (necessarily $i < $j), then [$i, $j] is the answer.
    $seen = [];
    foreach ($nums as $j => $value) {
        $need = $target - $value;
        if (array_key_exists($need, $seen)) {
            return [$seen[$need], $j];
        }
        // Store after the lookup so an element is never paired with itself.
        $seen[$value] = $j;
    }
    // The statement guarantees a pair exists; this is only a safe fallback.
    return [];
}
