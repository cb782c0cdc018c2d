export function countBits(n: number): number[] {
  // i >> 1 drops the lowest bit of i and is smaller than i, so its count is
  // already known; add back the dropped bit (i & 1).
  const ans = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    ans[i] = ans[i >> 1] + (i & 1);
  }
  return ans;
}
