import assert from 'node:assert/strict';

function test_example(): void {
  assert.equal(networkDelayTime([[2, 1, 1], [2, 3, 1], [3, 4, 1]], 4, 2), 2);
}

function test_single_link(): void {
  assert.equal(networkDelayTime([[1, 2, 1]], 2, 1), 1);
}

function test_unreachable_node(): void {
  assert.equal(networkDelayTime([[1, 2, 1]], 2, 2), -1, 'links are directed');
}

function test_single_node(): void {
  assert.equal(networkDelayTime([], 1, 1), 0);
}

function test_longer_route_is_faster(): void {
  const times = [[1, 2, 10], [1, 3, 1], [3, 4, 1], [4, 2, 1]];
  assert.equal(networkDelayTime(times, 4, 1), 3, '1 -> 3 -> 4 -> 2 beats the direct link');
}

function test_parallel_links(): void {
  assert.equal(networkDelayTime([[1, 2, 7], [1, 2, 2], [2, 3, 0]], 3, 1), 2, 'the cheaper duplicate wins');
}
