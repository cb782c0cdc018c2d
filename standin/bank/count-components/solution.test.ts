import assert from 'node:assert/strict';

function test_two_components(): void {
  assert.equal(countComponents(5, [[0, 1], [1, 2], [3, 4]]), 2);
}

function test_no_edges(): void {
  assert.equal(countComponents(4, []), 4, 'isolated nodes are components');
}

function test_cycle_and_repeats(): void {
  assert.equal(countComponents(3, [[0, 1], [1, 2], [2, 0], [0, 1], [1, 1]]), 1, 'repeated edges and self loops change nothing');
}

function test_single_node(): void {
  assert.equal(countComponents(1, []), 1);
}

function test_long_chain(): void {
  const n = 100000;
  const edges = Array.from({ length: n - 1 }, (_, k) => [k, k + 1]);
  assert.equal(countComponents(n, edges), 1);
}

function test_pairs(): void {
  assert.equal(countComponents(6, [[0, 5], [1, 4], [2, 3]]), 3);
}
