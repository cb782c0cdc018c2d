import assert from 'node:assert/strict';

function test_example(): void {
  assert.deepEqual(moveZeroes([0, 1, 0, 3, 12]), [1, 3, 12, 0, 0]);
}

function test_single_zero(): void {
  assert.deepEqual(moveZeroes([0]), [0]);
}

function test_empty(): void {
  assert.deepEqual(moveZeroes([]), []);
}

function test_no_zeroes(): void {
  assert.deepEqual(moveZeroes([1, 2, 3]), [1, 2, 3]);
}

function test_negative_values_keep_order(): void {
  assert.deepEqual(moveZeroes([-1, 0, -2]), [-1, -2, 0], 'order of non-zero values is kept, not sorted');
}

function test_in_place(): void {
  const data = [0, 0, 1];
  moveZeroes(data);
  assert.deepEqual(data, [0, 1, 0], 'the array itself must be rearranged');
}
