import assert from 'node:assert/strict';

function test_diamond(): void {
  assert.deepEqual(findOrder(4, [[1, 0], [2, 0], [3, 1], [3, 2]]), [0, 1, 2, 3]);
}

function test_two_cycle(): void {
  assert.deepEqual(findOrder(2, [[0, 1], [1, 0]]), [], 'a cycle has no valid order');
}

function test_no_prerequisites(): void {
  assert.deepEqual(findOrder(3, []), [0, 1, 2], 'smallest number first');
}

function test_smallest_available_first(): void {
  assert.deepEqual(findOrder(4, [[0, 3], [1, 3]]), [2, 3, 0, 1]);
}

function test_cycle_behind_free_courses(): void {
  assert.deepEqual(findOrder(4, [[1, 0], [2, 1], [1, 2]]), [], 'courses 1 and 2 block each other');
}

function test_long_chain(): void {
  const n = 2000;
  const prerequisites = Array.from({ length: n - 1 }, (_, k) => [k, k + 1]);
  assert.deepEqual(findOrder(n, prerequisites), Array.from({ length: n }, (_, k) => n - 1 - k));
}
