import assert from 'node:assert/strict';

function test_abcabcbb(): void {
  assert.equal(lengthOfLongestSubstring('abcabcbb'), 3);
}

function test_all_same(): void {
  assert.equal(lengthOfLongestSubstring('bbbbb'), 1);
}

function test_pwwkew(): void {
  assert.equal(lengthOfLongestSubstring('pwwkew'), 3);
}

function test_empty(): void {
  assert.equal(lengthOfLongestSubstring(''), 0);
}

function test_window_start_never_moves_back(): void {
  assert.equal(lengthOfLongestSubstring('abba'), 2, "the old 'a' lies before the window start");
}

function test_spaces_and_symbols(): void {
  assert.equal(lengthOfLongestSubstring('a b!c'), 5);
  assert.equal(lengthOfLongestSubstring('dvdf'), 3);
}
