export function subarraySum(nums: number[], k: number): number {
  // sum(nums[i..j-1]) == prefix[j] - prefix[i]. Walking j from left to right,
  // the subarrays ending at j that sum to k correspond to earlier prefix
  // sums equal to prefix[j] - k, so count how often each prefix sum occurred.
  const seenPrefixes = new Map<number, number>([[0, 1]]); // the empty prefix
  let running = 0;
  let count = 0;
  for (const value of nums) {
    running += value;
    count += seenPrefixes.get(running - k) ?? 0;
    seenPrefixes.set(running, (seenPrefixes.get(running) ?? 0) + 1);
  }
  return count;
}
