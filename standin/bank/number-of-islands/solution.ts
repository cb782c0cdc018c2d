export function numIslands(grid: string[]): number {
  // Scan every cell; each unvisited land cell starts a new island, and a
  // BFS from it marks the whole island as visited so it is counted once.
  // The queue is an array with a moving head index (shift() would be O(n)).
  const rows = grid.length;
  const cols = rows > 0 ? grid[0].length : 0;
  const visited: boolean[][] = Array.from({ length: rows }, () => new Array<boolean>(cols).fill(false));
  let islands = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (grid[r][c] !== '1' || visited[r][c]) {
        continue;
      }
      islands++;
      visited[r][c] = true;
      const queue: Array<[number, number]> = [[r, c]];
      for (let head = 0; head < queue.length; head++) {
        const [cr, cc] = queue[head];
        const neighbours: Array<[number, number]> = [[cr + 1, cc], [cr - 1, cc], [cr, cc + 1], [cr, cc - 1]];
        for (const [nr, nc] of neighbours) {
          if (nr >= 0 && nr < rows && nc >= 0 && nc < cols && grid[nr][nc] === '1' && !visited[nr][nc]) {
            visited[nr][nc] = true;
            queue.push([nr, nc]);
          }
        }
      }
    }
  }
  return islands;
}
