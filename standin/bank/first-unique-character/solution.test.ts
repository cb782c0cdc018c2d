import assert from 'node:assert/strict';

function test_first_letter_unique(): void {
  assert.equal(firstUniqueChar('leetcode'), 0);
}

function test_unique_in_middle(): void {
  assert.equal(firstUniqueChar('loveleetcode'), 2);
}

function test_all_repeat(): void {
  assert.equal(firstUniqueChar('aabb'), -1);
}

function test_empty_string(): void {
  assert.equal(firstUniqueChar(''), -1, 'nothing to find');
}

function test_last_letter_unique(): void {
  assert.equal(firstUniqueChar('abcabcd'), 6);
}
