import assert from 'node:assert/strict';

function test_first_example(): void {
  assert.equal(singleNumber([2, 2, 1]), 1);
}

function test_second_example(): void {
  assert.equal(singleNumber([4, 1, 2, 1, 2]), 4);
}

function test_single_element(): void {
  assert.equal(singleNumber([7]), 7);
}

function test_negative_values(): void {
  assert.equal(singleNumber([-3, 5, -3]), 5);
  assert.equal(singleNumber([6, -1, 6]), -1, 'the lonely value may be negative');
}

function test_zero_is_the_answer(): void {
  assert.equal(singleNumber([9, 0, 9]), 0);
}
