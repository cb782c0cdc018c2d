export function combineRanges(ranges: number[][]): number[][] {
  // Sort (a copy) by start so that any ranges that overlap end up next to each
  // other, then sweep once, growing the current range while the next one overlaps.
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const result: number[][] = [];
  for (const [start, end] of sorted) {
    const last = result[result.length - 1];
    if (last !== undefined && start <= last[1]) {
      last[1] = Math.max(last[1], end);
    } else {
      result.push([start, end]);
    }
  }
  return result;
}
