export function spiralOrder(matrix: number[][]): number[] {
  // Keep four boundaries of the unvisited rectangle and peel one ring at a
  // time: top row, right column, bottom row (if a distinct row remains),
  // left column (if a distinct column remains), then shrink the rectangle.
  const result: number[] = [];
  if (matrix.length === 0 || matrix[0].length === 0) {
    return result;
  }
  let top = 0;
  let bottom = matrix.length - 1;
  let left = 0;
  let right = matrix[0].length - 1;
  while (top <= bottom && left <= right) {
    for (let c = left; c <= right; c++) result.push(matrix[top][c]);
    for (let r = top + 1; r <= bottom; r++) result.push(matrix[r][right]);
    if (top < bottom) {
      for (let c = right - 1; c >= left; c--) result.push(matrix[bottom][c]);
    }
    if (left < right) {
      for (let r = bottom - 1; r > top; r--) result.push(matrix[r][left]);
    }
    top++;
    bottom--;
    left++;
    right--;
  }
  return result;
}
