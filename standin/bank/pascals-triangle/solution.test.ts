import assert from 'node:assert/strict';

function test_five_rows(): void {
  assert.deepEqual(generatePascal(5), [[1], [1, 1], [1, 2, 1], [1, 3, 3, 1], [1, 4, 6, 4, 1]]);
}

function test_one_row(): void {
  assert.deepEqual(generatePascal(1), [[1]]);
}

function test_zero_rows(): void {
  assert.deepEqual(generatePascal(0), [], 'no rows requested');
}

function test_row_sums_are_powers_of_two(): void {
  const sums = generatePascal(10).map((row) => row.reduce((a, b) => a + b, 0));
  assert.deepEqual(sums, Array.from({ length: 10 }, (_, k) => 2 ** k));
}

function test_last_row_of_thirty(): void {
  const last = generatePascal(30)[29];
  assert.equal(last.length, 30);
  assert.equal(last[15], 77558760, 'C(29, 15)');
}
