import assert from 'node:assert/strict';

function test_small_valid_tree(): void {
  assert.equal(isValidBst([2, 1, 3]), true);
}

function test_deep_violation(): void {
  assert.equal(isValidBst([10, 5, 15, null, null, 6, 20]), false, '6 is in the right subtree of 10');
}

function test_empty_tree(): void {
  assert.equal(isValidBst([]), true);
}

function test_duplicates_not_allowed(): void {
  assert.equal(isValidBst([1, 1]), false, 'left child equal to parent');
}

function test_full_valid_tree(): void {
  assert.equal(isValidBst([4, 2, 6, 1, 3, 5, 7]), true);
}

function test_child_order_wrong(): void {
  assert.equal(isValidBst([5, 1, 4, null, null, 3, 6]), false);
}
