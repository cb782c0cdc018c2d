import assert from 'node:assert/strict';

function test_first_example(): void {
  assert.deepEqual(twoSum([2, 7, 11, 15], 9), [0, 1]);
}

function test_second_example(): void {
  assert.deepEqual(twoSum([3, 2, 4], 6), [1, 2], 'an element must not pair with itself');
}

function test_equal_values(): void {
  assert.deepEqual(twoSum([3, 3], 6), [0, 1]);
}

function test_negative_numbers(): void {
  assert.deepEqual(twoSum([-1, -2, -3, -4, -5], -8), [2, 4]);
}

function test_pair_at_the_end(): void {
  assert.deepEqual(twoSum([1, 2, 3, 4, 5, 6], 11), [4, 5]);
}

function test_zero_target(): void {
  assert.deepEqual(twoSum([0, 4, 3, 0], 0), [0, 3]);
}
