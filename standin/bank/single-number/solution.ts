export function singleNumber(nums: number[]): number {
  // XOR is associative and commutative, x ^ x == 0 and x ^ 0 == x, so
  // XOR-ing everything cancels the pairs and leaves the lonely value.
  // JavaScript's ^ works on 32-bit two's complement integers, which is
  // plenty for the stated range and keeps negative values intact.
  let result = 0;
  for (const value of nums) {
    result ^= value;
  }
  return result;
}
