import assert from 'node:assert/strict';

function test_example(): void {
  assert.deepEqual(floodFill([[1, 1, 1], [1, 1, 0], [1, 0, 1]], 1, 1, 2), [[2, 2, 2], [2, 2, 0], [2, 0, 1]]);
}

function test_same_color_is_noop(): void {
  assert.deepEqual(floodFill([[0, 0, 0], [0, 0, 0]], 0, 0, 0), [[0, 0, 0], [0, 0, 0]], 'must not loop forever');
}

function test_single_pixel(): void {
  assert.deepEqual(floodFill([[5]], 0, 0, 9), [[9]]);
}

function test_diagonal_not_connected(): void {
  assert.deepEqual(floodFill([[1, 0], [0, 1]], 0, 0, 3), [[3, 0], [0, 1]]);
}

function test_input_unchanged(): void {
  const image = [[1, 1], [1, 0]];
  floodFill(image, 0, 0, 4);
  assert.deepEqual(image, [[1, 1], [1, 0]], 'input grid must not be modified');
}

function test_large_region(): void {
  const image = Array.from({ length: 50 }, () => new Array<number>(50).fill(7));
  const result = floodFill(image, 25, 25, 1);
  assert.ok(result.every((row) => row.every((value) => value === 1)));
}
