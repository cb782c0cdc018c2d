import assert from 'node:assert/strict';

function test_ones(): void {
  assert.equal(subarraySum([1, 1, 1], 2), 2);
}

function test_mixed(): void {
  assert.equal(subarraySum([1, 2, 3], 3), 2);
}

function test_negative_numbers(): void {
  assert.equal(subarraySum([1, -1, 0], 0), 3, '[1,-1], [0] and [1,-1,0]');
}

function test_zeros(): void {
  assert.equal(subarraySum([0, 0, 0], 0), 6, 'every one of the 6 subarrays sums to 0');
}

function test_no_match(): void {
  assert.equal(subarraySum([5, 6], 4), 0);
}

function test_single_element_match(): void {
  assert.equal(subarraySum([-4], -4), 1);
}
