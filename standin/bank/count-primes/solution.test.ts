import assert from 'node:assert/strict';

function test_below_ten(): void {
  assert.equal(countPrimes(10), 4);
}

function test_tiny_inputs(): void {
  assert.equal(countPrimes(0), 0);
  assert.equal(countPrimes(1), 0);
  assert.equal(countPrimes(2), 0, '2 itself is not below 2');
}

function test_three(): void {
  assert.equal(countPrimes(3), 1);
}

function test_below_hundred(): void {
  assert.equal(countPrimes(100), 25);
}

function test_one_million(): void {
  assert.equal(countPrimes(1_000_000), 78498);
}
