import assert from 'node:assert/strict';

function test_example(): void {
  assert.equal(ladderLength('hit', 'cog', ['hot', 'dot', 'dog', 'lot', 'log', 'cog']), 5);
}

function test_end_word_missing(): void {
  assert.equal(ladderLength('hit', 'cog', ['hot', 'dot', 'dog', 'lot', 'log']), 0);
}

function test_one_step(): void {
  assert.equal(ladderLength('a', 'c', ['a', 'b', 'c']), 2, 'begin and end both count');
}

function test_disconnected(): void {
  assert.equal(ladderLength('abc', 'xyz', ['abd', 'xyz']), 0);
}

function test_begin_word_in_list(): void {
  assert.equal(ladderLength('hot', 'dog', ['hot', 'dog', 'dot']), 3);
}

function test_shortest_of_several(): void {
  const words = ['aab', 'abb', 'bbb', 'bbc', 'bcc', 'ccc', 'aac', 'acc'];
  assert.equal(ladderLength('aaa', 'ccc', words), 4, 'aaa -> aac -> acc -> ccc beats the seven-word ladder');
}
