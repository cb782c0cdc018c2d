import assert from 'node:assert/strict';

function test_odd_length(): void {
  assert.equal(middleNodeValue([1, 2, 3, 4, 5], [1, 2, 3, 4, -1], 0), 3);
}

function test_even_length_second_middle(): void {
  assert.equal(middleNodeValue([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, -1], 0), 4, 'second of the two middles');
}

function test_scrambled_storage(): void {
  assert.equal(middleNodeValue([30, 10, 20], [-1, 2, 0], 1), 20);
}

function test_single_node(): void {
  assert.equal(middleNodeValue([7], [-1], 0), 7);
}

function test_two_nodes(): void {
  assert.equal(middleNodeValue([8, 9], [-1, 0], 1), 8, 'list is 9 -> 8, second middle is 8');
}
