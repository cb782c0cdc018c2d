import assert from 'node:assert/strict';

function test_simple_pairs(): void {
  assert.equal(isValidParentheses('()[]{}'), true);
}

function test_nested(): void {
  assert.equal(isValidParentheses('{[()]}'), true);
}

function test_wrong_type(): void {
  assert.equal(isValidParentheses('(]'), false);
}

function test_interleaved(): void {
  assert.equal(isValidParentheses('([)]'), false, 'closing order must mirror opening order');
}

function test_empty_string(): void {
  assert.equal(isValidParentheses(''), true);
}

function test_unclosed_opener(): void {
  assert.equal(isValidParentheses('((('), false, 'openers left on the stack');
}

function test_closer_first(): void {
  assert.equal(isValidParentheses(')('), false, 'closer with nothing open');
}
