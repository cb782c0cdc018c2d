import assert from 'node:assert/strict';

function test_first_example(): void {
  assert.equal(trap([0, 1, 0, 2, 1, 0, 1, 3, 2, 1, 2, 1]), 6);
}

function test_second_example(): void {
  assert.equal(trap([4, 2, 0, 3, 2, 5]), 9);
}

function test_too_short(): void {
  assert.equal(trap([]), 0);
  assert.equal(trap([3]), 0);
}

function test_increasing_holds_nothing(): void {
  assert.equal(trap([1, 2, 3]), 0, 'a bar taller than both neighbours holds no water, never negative');
}

function test_single_basin(): void {
  assert.equal(trap([5, 0, 5]), 5);
}

function test_two_basins(): void {
  assert.equal(trap([2, 0, 2, 0, 2]), 4);
}
