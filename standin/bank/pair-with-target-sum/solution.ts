export function pairWithTargetSum(nums: number[], target: number): number[] {
  // One pass with a map from value to the first index holding it.
  // When the complement of the current value is already in the map,
  // its index is smaller than the current one, so the pair is in order.
  const indexOf = new Map<number, number>();
  for (let j = 0; j < nums.length; j++) {
    const value = nums[j];
    const i = indexOf.get(target - value);
    if (i !== undefined) {
      return [i, j];
    }
    // Keep the first occurrence; a later duplicate is never needed.
    if (!indexOf.has(value)) {
      indexOf.set(value, j);
    }
  }
  return [];
}
