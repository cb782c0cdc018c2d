export function searchInsert(nums: number[], target: number): number {
  // Find the first index whose value is >= target (the lower bound).
  // The search range is half-open [lo, hi) and starts as [0, nums.length),
  // so the answer nums.length is reachable when target exceeds everything.
  let lo = 0;
  let hi = nums.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nums[mid] < target) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
