export function rangeSums(nums: number[], queries: number[][]): number[] {
  // prefix[k] holds the sum of the first k elements, so the sum of
  // nums[left..right] is prefix[right + 1] - prefix[left]. Building prefix is
  // O(n) and every query is then answered in O(1).
  const prefix = new Array<number>(nums.length + 1).fill(0);
  for (let k = 0; k < nums.length; k++) {
    prefix[k + 1] = prefix[k] + nums[k];
  }
  return queries.map(([left, right]) => prefix[right + 1] - prefix[left]);
}
