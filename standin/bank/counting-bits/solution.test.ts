import assert from 'node:assert/strict';

function test_n_two(): void {
  assert.deepEqual(countBits(2), [0, 1, 1]);
}

function test_n_five(): void {
  assert.deepEqual(countBits(5), [0, 1, 1, 2, 1, 2]);
}

function test_zero(): void {
  assert.deepEqual(countBits(0), [0], 'only the number 0');
}

function test_powers_of_two(): void {
  const result = countBits(16);
  assert.deepEqual([result[1], result[2], result[4], result[8], result[16]], [1, 1, 1, 1, 1]);
}

function test_all_ones(): void {
  const result = countBits(1023);
  assert.equal(result[1023], 10, '1023 = 0b1111111111');
  assert.equal(result.length, 1024);
}
