export function canJump(nums: number[]): boolean {
  // farthest = the largest index reachable using the positions seen so far.
  // If we ever stand beyond it, that position is unreachable and so is
  // everything after it.
  let farthest = 0;
  for (let i = 0; i < nums.length; i++) {
    if (i > farthest) {
      return false;
    }
    farthest = Math.max(farthest, i + nums[i]);
    if (farthest >= nums.length - 1) {
      return true;
    }
  }
  return true;
}
