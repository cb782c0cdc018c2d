import assert from 'node:assert/strict';

function test_two_groups(): void {
  assert.equal(decodeString('3[a]2[bc]'), 'aaabcbc');
}

function test_nested(): void {
  assert.equal(decodeString('3[a2[c]]'), 'accaccacc');
}

function test_letters_around_groups(): void {
  assert.equal(decodeString('2[abc]3[cd]ef'), 'abcabccdcdcdef');
}

function test_multi_digit_count(): void {
  assert.equal(decodeString('10[x]'), 'x'.repeat(10), 'counts can have several digits');
}

function test_no_encoding(): void {
  assert.equal(decodeString('plain'), 'plain');
  assert.equal(decodeString(''), '');
}
