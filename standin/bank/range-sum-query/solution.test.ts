import assert from 'node:assert/strict';

function test_example(): void {
  assert.deepEqual(rangeSums([-2, 0, 3, -5, 2, -1], [[0, 2], [2, 5], [0, 5]]), [1, -1, -3]);
}

function test_single_element_ranges(): void {
  assert.deepEqual(rangeSums([4, 5, 6], [[0, 0], [1, 1], [2, 2]]), [4, 5, 6], 'left == right is one element');
}

function test_no_queries(): void {
  assert.deepEqual(rangeSums([1, 2, 3], []), []);
}

function test_repeated_queries(): void {
  assert.deepEqual(rangeSums([1, 1, 1, 1], [[0, 3], [0, 3], [1, 2]]), [4, 4, 2]);
}

function test_large_values(): void {
  const nums = new Array<number>(10000).fill(100000);
  assert.deepEqual(rangeSums(nums, [[0, 9999]]), [1e9]);
}
