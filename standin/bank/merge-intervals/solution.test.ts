import assert from 'node:assert/strict';

function test_first_example(): void {
  assert.deepEqual(mergeIntervals([[1, 3], [2, 6], [8, 10], [15, 18]]), [[1, 6], [8, 10], [15, 18]]);
}

function test_touching_intervals(): void {
  assert.deepEqual(mergeIntervals([[1, 4], [4, 5]]), [[1, 5]], 'touching endpoints merge');
}

function test_empty_input(): void {
  assert.deepEqual(mergeIntervals([]), []);
}

function test_unsorted_input(): void {
  assert.deepEqual(mergeIntervals([[8, 10], [1, 3], [2, 6]]), [[1, 6], [8, 10]]);
}

function test_nested_interval(): void {
  assert.deepEqual(mergeIntervals([[1, 10], [2, 3], [4, 5]]), [[1, 10]], 'contained intervals vanish');
}

function test_input_not_modified(): void {
  const data = [[1, 3], [2, 4]];
  mergeIntervals(data);
  assert.deepEqual(data, [[1, 3], [2, 4]], 'input must stay unchanged');
}
