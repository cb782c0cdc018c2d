export function moveZeroes(nums: number[]): number[] {
  // write marks where the next non-zero value belongs. Copy every non-zero
  // value forward in its original order, then fill the tail with zeros.
  let write = 0;
  for (const value of nums) {
    if (value !== 0) {
      nums[write] = value;
      write++;
    }
  }
  nums.fill(0, write);
  return nums;
}
