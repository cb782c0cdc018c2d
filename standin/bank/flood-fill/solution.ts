export function floodFill(image: number[][], sr: number, sc: number, color: number): number[][] {
  // Depth-first search with an explicit stack (no recursion depth issues).
  // Work on a copy so the caller's grid is untouched. Painting a pixel
  // marks it visited, which is why an unchanged color must return early.
  const result = image.map((row) => [...row]);
  const original = result[sr][sc];
  if (original === color) {
    return result;
  }
  const rows = result.length;
  const cols = result[0].length;
  const stack: Array<[number, number]> = [[sr, sc]];
  result[sr][sc] = color;
  while (stack.length > 0) {
    const [r, c] = stack.pop() as [number, number];
    const neighbours: Array<[number, number]> = [[r + 1, c], [r - 1, c], [r, c + 1], [r, c - 1]];
    for (const [nr, nc] of neighbours) {
      if (nr >= 0 && nr < rows && nc >= 0 && nc < cols && result[nr][nc] === original) {
        result[nr][nc] = color;
        stack.push([nr, nc]);
      }
    }
  }
  return result;
}
