import assert from 'node:assert/strict';

function test_three_elements(): void {
  assert.deepEqual(subsets([1, 2, 3]), [[], [1], [1, 2], [1, 2, 3], [1, 3], [2], [2, 3], [3]]);
}

function test_single_element(): void {
  assert.deepEqual(subsets([0]), [[], [0]]);
}

function test_empty_input(): void {
  assert.deepEqual(subsets([]), [[]], 'the empty set has one subset');
}

function test_order_follows_input(): void {
  assert.deepEqual(subsets([3, -1]), [[], [3], [3, -1], [-1]], 'elements keep their input order');
}

function test_count_is_power_of_two(): void {
  const result = subsets(Array.from({ length: 10 }, (_, k) => k));
  assert.equal(result.length, 1024);
  assert.equal(new Set(result.map((s) => s.join(','))).size, 1024, 'no duplicates');
}
