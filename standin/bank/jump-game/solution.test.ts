import assert from 'node:assert/strict';

function test_reachable(): void {
  assert.equal(canJump([2, 3, 1, 1, 4]), true);
}

function test_blocked_by_zero(): void {
  assert.equal(canJump([3, 2, 1, 0, 4]), false);
}

function test_single_element(): void {
  assert.equal(canJump([0]), true, 'already at the last index');
}

function test_zero_at_start(): void {
  assert.equal(canJump([0, 1]), false);
}

function test_jump_over_zeros(): void {
  assert.equal(canJump([4, 0, 0, 0, 1]), true);
  assert.equal(canJump([1, 1, 0, 0, 1]), false);
}
