import assert from 'node:assert/strict';

function test_shared_prefix(): void {
  assert.equal(longestCommonPrefix(['flower', 'flow', 'flight']), 'fl');
}

function test_no_shared_prefix(): void {
  assert.equal(longestCommonPrefix(['dog', 'racecar', 'car']), '');
}

function test_empty_list(): void {
  assert.equal(longestCommonPrefix([]), '');
}

function test_one_word_is_prefix_of_others(): void {
  assert.equal(longestCommonPrefix(['inter', 'internet', 'interval']), 'inter');
}

function test_contains_empty_word(): void {
  assert.equal(longestCommonPrefix(['abc', '', 'abd']), '', 'an empty word limits the prefix to nothing');
}

function test_case_sensitive(): void {
  assert.equal(longestCommonPrefix(['Apple', 'apple']), '');
}
