export function largestRectangleArea(heights: number[]): number {
  // Keep a stack of indices with increasing heights. When a lower bar
  // arrives at index i, every taller bar on the stack has found its right
  // limit (i) and its left limit (the index below it on the stack), so its
  // widest rectangle can be measured and the bar popped. A final sentinel
  // bar of height 0 flushes whatever remains on the stack.
  const stack: number[] = [];
  let best = 0;
  for (let i = 0; i <= heights.length; i++) {
    const height = i < heights.length ? heights[i] : 0;
    while (stack.length > 0 && heights[stack[stack.length - 1]] >= height) {
      const top = stack.pop() as number;
      const left = stack.length > 0 ? stack[stack.length - 1] + 1 : 0;
      best = Math.max(best, heights[top] * (i - left));
    }
    stack.push(i);
  }
  return best;
}
