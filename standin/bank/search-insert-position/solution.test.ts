import assert from 'node:assert/strict';

function test_found(): void {
  assert.equal(searchInsert([1, 3, 5, 6], 5), 2);
}

function test_insert_in_middle(): void {
  assert.equal(searchInsert([1, 3, 5, 6], 2), 1);
}

function test_insert_at_end(): void {
  assert.equal(searchInsert([1, 3, 5, 6], 7), 4, 'target larger than every element goes to nums.length');
}

function test_insert_at_start(): void {
  assert.equal(searchInsert([1, 3, 5, 6], 0), 0);
}

function test_empty_list(): void {
  assert.equal(searchInsert([], 3), 0);
}

function test_single_element_after(): void {
  assert.equal(searchInsert([1], 2), 1);
}
