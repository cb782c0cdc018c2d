import assert from 'node:assert/strict';

function test_example(): void {
  assert.deepEqual(maxSlidingWindow([1, 3, -1, -3, 5, 3, 6, 7], 3), [3, 3, 5, 5, 6, 7]);
}

function test_single_element(): void {
  assert.deepEqual(maxSlidingWindow([1], 1), [1]);
}

function test_window_is_whole_list(): void {
  assert.deepEqual(maxSlidingWindow([4, -2, 9, 1], 4), [9]);
}

function test_window_of_one(): void {
  assert.deepEqual(maxSlidingWindow([2, -1, 5], 1), [2, -1, 5], 'each element is its own maximum');
}

function test_decreasing_values(): void {
  assert.deepEqual(maxSlidingWindow([9, 8, 7, 6, 5], 2), [9, 8, 7, 6], 'the old maximum must leave the window');
}

function test_large_input(): void {
  const nums = Array.from({ length: 100000 }, (_, i) => i);
  assert.deepEqual(maxSlidingWindow(nums, 1000), Array.from({ length: 99001 }, (_, i) => i + 999));
}
