import assert from 'node:assert/strict';

function test_example(): void {
  assert.deepEqual(countPrefixes(['apple', 'app', 'apt', 'bat'], ['ap', 'app', 'b', 'c']), [3, 2, 1, 0]);
}

function test_empty_query_counts_all_words(): void {
  assert.deepEqual(countPrefixes(['a', 'b', ''], ['']), [3], 'the empty string prefixes every word');
}

function test_duplicates_counted(): void {
  assert.deepEqual(countPrefixes(['dog', 'dog', 'do'], ['do', 'dog', 'dogs']), [3, 2, 0]);
}

function test_no_words(): void {
  assert.deepEqual(countPrefixes([], ['a', '']), [0, 0]);
}

function test_query_longer_than_words(): void {
  assert.deepEqual(countPrefixes(['car'], ['cart', 'ca']), [0, 1], 'a longer query is never a prefix');
}
