import assert from 'node:assert/strict';

function test_add_then_multiply(): void {
  assert.equal(evalRpn(['2', '1', '+', '3', '*']), 9);
}

function test_division_truncates(): void {
  assert.equal(evalRpn(['4', '13', '5', '/', '+']), 6);
}

function test_negative_division_truncates_toward_zero(): void {
  assert.equal(evalRpn(['7', '-2', '/']), -3, '7 / -2 must be -3, not -4');
}

function test_long_expression(): void {
  const tokens = ['10', '6', '9', '3', '+', '-11', '*', '/', '*', '17', '+', '5', '+'];
  assert.equal(evalRpn(tokens), 22);
}

function test_single_number(): void {
  assert.equal(evalRpn(['-42']), -42);
}

function test_operand_order(): void {
  assert.equal(evalRpn(['3', '10', '-']), -7, 'left operand comes first');
}
