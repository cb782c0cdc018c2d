import assert from 'node:assert/strict';

function test_one(): void {
  assert.equal(totalNQueens(1), 1);
}

function test_no_solutions_for_two_and_three(): void {
  assert.equal(totalNQueens(2), 0);
  assert.equal(totalNQueens(3), 0);
}

function test_four(): void {
  assert.equal(totalNQueens(4), 2);
}

function test_six(): void {
  assert.equal(totalNQueens(6), 4);
}

function test_eight(): void {
  assert.equal(totalNQueens(8), 92, 'the classic eight queens puzzle');
}
