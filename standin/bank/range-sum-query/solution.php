<?php

function rangeSums(array $nums, array $queries): array
{
    // prefix[k] holds the sum of the first k elements, so the sum of
    // nums[left..right] is prefix[right + 1] - prefix[left]. Building prefix is
    // O(n) and every query is then answered in O(1).
    $prefix = [0];
    foreach ($nums as $k => $value) {
        $prefix[$k + 1] = $prefix[$k] + $value;
    }
    $answers = [];
    foreach ($queries as [$left, $right]) {
        $answers[] = $prefix[$right + 1] - $prefix[$left];
    }
    return $answers;
}
