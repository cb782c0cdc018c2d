export function twoSum(nums: number[], target: number): number[] {
  // Walk the array once, remembering the index of every value seen so far.
  // For nums[j], the partner we need is target - nums[j]; if it was seen at
  // index i (necessarily i < j), then [i, j] is the answer.
  const seen = new Map<number, number>();
  for (let j = 0; j < nums.length; j++) {
    const value = nums[j];
    const i = seen.get(target - value);
    if (i !== undefined) {
      return [i, j];
    }
    // Store after the lookup so an element is never paired with itself.
    seen.set(value, j);
  }
  // The statement guarantees a pair exists; this is only a safe fallback.
  return [];
}
