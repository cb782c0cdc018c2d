export function maxSlidingWindow(nums: number[], k: number): number[] {
  // The deque holds indices of the current window whose values strictly
  // decrease from front to back. A new value evicts every smaller-or-equal
  // value from the back (they can never be a maximum again); the front is
  // dropped once it slides out of the window. The front is always the max.
  // The deque is an array plus a head index, so both ends are O(1).
  const candidates: number[] = [];
  let head = 0;
  const result: number[] = [];
  for (let i = 0; i < nums.length; i++) {
    while (candidates.length > head && nums[candidates[candidates.length - 1]] <= nums[i]) {
      candidates.pop();
    }
    candidates.push(i);
    if (candidates[head] <= i - k) {
      head++;
    }
    if (i >= k - 1) {
      result.push(nums[candidates[head]]);
    }
  }
  return result;
}
