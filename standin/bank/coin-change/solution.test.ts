import assert from 'node:assert/strict';

function test_first_example(): void {
  assert.equal(coinChange([1, 2, 5], 11), 3);
}

function test_impossible_amount(): void {
  assert.equal(coinChange([2], 3), -1, 'unreachable amounts must give -1');
}

function test_zero_amount(): void {
  assert.equal(coinChange([1], 0), 0);
}

function test_greedy_is_not_optimal(): void {
  assert.equal(coinChange([1, 3, 4], 6), 2, '3 + 3 beats the greedy 4 + 1 + 1');
}

function test_large_coins_do_not_fit(): void {
  assert.equal(coinChange([2147483647], 2), -1);
}

function test_bigger_amount(): void {
  assert.equal(coinChange([186, 419, 83, 408], 6249), 20);
}
