import assert from 'node:assert/strict';

function test_additive_only(): void {
  assert.equal(romanToInt('III'), 3);
  assert.equal(romanToInt('LVIII'), 58);
}

function test_subtractive_pairs(): void {
  assert.equal(romanToInt('IV'), 4);
  assert.equal(romanToInt('IX'), 9);
  assert.equal(romanToInt('XL'), 40);
  assert.equal(romanToInt('CD'), 400);
}

function test_mixed(): void {
  assert.equal(romanToInt('MCMXCIV'), 1994, 'M + CM + XC + IV');
}

function test_largest_value(): void {
  assert.equal(romanToInt('MMMCMXCIX'), 3999);
}

function test_single_symbol(): void {
  assert.equal(romanToInt('D'), 500);
}
