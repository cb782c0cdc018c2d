export function mergeIntervals(intervals: number[][]): number[][] {
  // After sorting by start, overlapping intervals are adjacent, so one sweep
  // suffices: either extend the last merged interval or start a new one.
  // Sort a copy so the caller's array is never reordered.
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: number[][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1]) {
      // Overlaps (or touches) the previous interval: extend its end.
      last[1] = Math.max(last[1], end);
    } else {
      // A fresh pair, so extending it never mutates an input interval.
      merged.push([start, end]);
    }
  }
  return merged;
}
