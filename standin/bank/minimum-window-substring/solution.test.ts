import assert from 'node:assert/strict';

function test_example(): void {
  assert.equal(minWindow('ADOBECODEBANC', 'ABC'), 'BANC');
}

function test_whole_string(): void {
  assert.equal(minWindow('a', 'a'), 'a');
}

function test_not_enough_copies(): void {
  assert.equal(minWindow('a', 'aa'), '', 'duplicates in t must all be covered');
}

function test_duplicates_required(): void {
  assert.equal(minWindow('aaflslflsldkalskaaa', 'aaa'), 'aaa');
}

function test_case_sensitive(): void {
  assert.equal(minWindow('aA', 'A'), 'A');
  assert.equal(minWindow('abc', 'C'), '');
}

function test_leftmost_on_tie(): void {
  assert.equal(minWindow('abxba', 'ab'), 'ab', 'ab and ba are equally short; the leftmost wins');
}
