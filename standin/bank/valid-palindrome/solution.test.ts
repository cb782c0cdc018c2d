import assert from 'node:assert/strict';

function test_classic_sentence(): void {
  assert.equal(isCleanPalindrome('A man, a plan, a canal: Panama'), true);
}

function test_not_a_palindrome(): void {
  assert.equal(isCleanPalindrome('race a car'), false);
}

function test_only_punctuation(): void {
  assert.equal(isCleanPalindrome(' .,!'), true, 'nothing left after cleaning');
}

function test_digits_count(): void {
  assert.equal(isCleanPalindrome('0P'), false, 'digits are kept and compared');
  assert.equal(isCleanPalindrome('1a2, 2A1'), true);
}

function test_empty_string(): void {
  assert.equal(isCleanPalindrome(''), true);
}
