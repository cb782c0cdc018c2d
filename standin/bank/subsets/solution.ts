export function subsets(nums: number[]): number[][] {
  // Backtracking: record the current subset, then for each later index
  // choose it, recurse, and un-choose it. Every subset is recorded exactly
  // once, at the moment its last element is chosen (or at the root for []).
  const result: number[][] = [];
  const current: number[] = [];
  const backtrack = (start: number): void => {
    result.push([...current]);
    for (let index = start; index < nums.length; index++) {
      current.push(nums[index]);
      backtrack(index + 1);
      current.pop();
    }
  };
  backtrack(0);
  return result;
}
