import assert from 'node:assert/strict';

function test_example(): void {
  assert.equal(numIslands(['11000', '11000', '00100', '00011']), 3);
}

function test_one_big_island(): void {
  assert.equal(numIslands(['11110', '11010', '11000', '00000']), 1);
}

function test_diagonals_do_not_connect(): void {
  assert.equal(numIslands(['101', '010', '101']), 5, 'diagonal land cells are separate islands');
}

function test_empty_grid(): void {
  assert.equal(numIslands([]), 0);
}

function test_all_water(): void {
  assert.equal(numIslands(['000', '000']), 0);
}

function test_large_single_island(): void {
  assert.equal(numIslands(new Array<string>(300).fill('1'.repeat(300))), 1, '90,000 cells must not overflow a recursion limit');
}
