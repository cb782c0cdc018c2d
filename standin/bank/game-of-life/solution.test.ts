import assert from 'node:assert/strict';

function test_glider(): void {
  const board = [[0, 1, 0], [0, 0, 1], [1, 1, 1], [0, 0, 0]];
  assert.deepEqual(gameOfLifeStep(board), [[0, 0, 0], [1, 0, 1], [0, 1, 1], [0, 1, 0]]);
}

function test_blinker_oscillates(): void {
  const horizontal = [[0, 0, 0], [1, 1, 1], [0, 0, 0]];
  const vertical = [[0, 1, 0], [0, 1, 0], [0, 1, 0]];
  assert.deepEqual(gameOfLifeStep(horizontal), vertical);
  assert.deepEqual(gameOfLifeStep(vertical), horizontal);
}

function test_block_is_stable(): void {
  assert.deepEqual(gameOfLifeStep([[1, 1], [1, 1]]), [[1, 1], [1, 1]]);
}

function test_lonely_cell_dies(): void {
  assert.deepEqual(gameOfLifeStep([[1]]), [[0]], 'no neighbours means underpopulation');
}

function test_input_unchanged(): void {
  const board = [[1, 1, 1]];
  gameOfLifeStep(board);
  assert.deepEqual(board, [[1, 1, 1]], 'the input board must not be modified');
}
