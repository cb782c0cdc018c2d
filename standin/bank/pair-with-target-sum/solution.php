<?php

function pairWithTargetSum(array $nums, int $target): array
{
    // One pass with a map from value to the first index holding it.
    // When the complement of the current value is already in the map,
    // its index is smaller than the current one, so the pair is in order.
    $indexOf = [];
    foreach ($nums as $j => $value) {
        $complement = $target - $value;
        if (isset($indexOf[$complement])) {
            return [$indexOf[$complement], $j];
        }
        // Keep the first occurrence; a later duplicate is never needed.
        if (!isset($indexOf[$value])) {
            $indexOf[$value] = $j;
        }
    }
    return [];
}
