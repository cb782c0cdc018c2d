export function gameOfLifeStep(board: number[][]): number[][] {
  // Every cell's next state depends only on the current board, so read from
  // `board` and write into a fresh grid; updating in place would let
  // already-updated cells leak into their neighbours' counts.
  const rows = board.length;
  const cols = board[0].length;
  const result = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let live = 0;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const nr = r + dr;
          const nc = c + dc;
          if ((dr !== 0 || dc !== 0) && nr >= 0 && nr < rows && nc >= 0 && nc < cols) {
            live += board[nr][nc];
          }
        }
      }
      if (live === 3 || (live === 2 && board[r][c] === 1)) {
        result[r][c] = 1;
      }
    }
  }
  return result;
}
