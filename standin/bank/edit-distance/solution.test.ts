import assert from 'node:assert/strict';

function test_horse_ros(): void {
  assert.equal(editDistance('horse', 'ros'), 3);
}

function test_intention_execution(): void {
  assert.equal(editDistance('intention', 'execution'), 5);
}

function test_empty_words(): void {
  assert.equal(editDistance('', 'abc'), 3, 'three inserts');
  assert.equal(editDistance('abc', ''), 3, 'three deletes');
  assert.equal(editDistance('', ''), 0);
}

function test_identical(): void {
  assert.equal(editDistance('same', 'same'), 0);
}

function test_kitten_sitting(): void {
  assert.equal(editDistance('kitten', 'sitting'), 3);
}

function test_long_words(): void {
  assert.equal(editDistance('a'.repeat(500), 'b'.repeat(500)), 500);
}
