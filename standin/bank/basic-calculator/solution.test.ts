import assert from 'node:assert/strict';

function test_precedence(): void {
  assert.equal(calculate('2+3*4'), 14, 'multiplication binds tighter than addition');
}

function test_parentheses(): void {
  assert.equal(calculate('(1+(4+5+2)-3)+(6+8)'), 23);
}

function test_unary_minus(): void {
  assert.equal(calculate('-(2+3)'), -5);
  assert.equal(calculate('2*-3'), -6);
}

function test_division_truncates_toward_zero(): void {
  assert.equal(calculate(' 7 / -2 '), -3, '-3.5 truncates to -3, not -4');
  assert.equal(calculate('-7/2'), -3);
}

function test_multi_digit_numbers(): void {
  assert.equal(calculate('12+34'), 46);
  assert.equal(calculate('1000/10'), 100);
}

function test_left_associative(): void {
  assert.equal(calculate('10-4-3'), 3);
  assert.equal(calculate('100/10/5'), 2);
}
