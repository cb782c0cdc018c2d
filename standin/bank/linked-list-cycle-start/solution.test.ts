import assert from 'node:assert/strict';

function test_no_cycle(): void {
  assert.equal(cycleStart([1, 2, -1], 0), -1);
}

function test_empty_list(): void {
  assert.equal(cycleStart([], -1), -1);
}

function test_loop_after_tail(): void {
  assert.equal(cycleStart([1, 2, 3, 1], 0), 1);
}

function test_whole_list_is_a_loop(): void {
  assert.equal(cycleStart([1, 0], 0), 0, '0 -> 1 -> 0');
}

function test_self_loop(): void {
  assert.equal(cycleStart([0], 0), 0);
}

function test_long_tail_short_loop(): void {
  assert.equal(cycleStart([1, 2, 3, 4, 5, 6, 7, 3], 0), 3);
}
