import assert from 'node:assert/strict';

function test_first_example(): void {
  assert.equal(findKthLargest([3, 2, 1, 5, 6, 4], 2), 5);
}

function test_duplicates_count(): void {
  assert.equal(findKthLargest([3, 2, 3, 1, 2, 4, 5, 5, 6], 4), 4, 'duplicates count separately');
}

function test_k_equals_length(): void {
  assert.equal(findKthLargest([7, -2, 9], 3), -2, 'k = nums.length gives the minimum');
}

function test_single_element(): void {
  assert.equal(findKthLargest([1], 1), 1);
}

function test_input_unchanged(): void {
  const nums = [5, 1, 4];
  findKthLargest(nums, 1);
  assert.deepEqual(nums, [5, 1, 4]);
}

function test_many_values(): void {
  const nums = Array.from({ length: 100000 }, (_, i) => 100000 - i);
  assert.equal(findKthLargest(nums, 1000), 99001);
}
