import assert from 'node:assert/strict';

function test_first_example(): void {
  assert.equal(largestRectangleArea([2, 1, 5, 6, 2, 3]), 10);
}

function test_two_bars(): void {
  assert.equal(largestRectangleArea([2, 4]), 4);
}

function test_empty(): void {
  assert.equal(largestRectangleArea([]), 0, 'an empty histogram has area 0');
}

function test_increasing(): void {
  assert.equal(largestRectangleArea([1, 2, 3, 4, 5]), 9, 'bars left on the stack must still be measured');
}

function test_decreasing(): void {
  assert.equal(largestRectangleArea([5, 4, 3, 2, 1]), 9, 'rectangles extend to the left too');
}

function test_plateau_in_the_middle(): void {
  assert.equal(largestRectangleArea([6, 2, 5, 4, 5, 1, 6]), 12);
}
