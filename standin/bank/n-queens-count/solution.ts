export function totalNQueens(n: number): number {
  // Place queens row by row. Three bitmasks record which columns and which
  // diagonals are attacked by the queens placed so far. Moving to the next
  // row shifts the diagonal masks by one column in their direction.
  const full = (1 << n) - 1;
  const place = (columns: number, diagDown: number, diagUp: number): number => {
    if (columns === full) {
      return 1; // a queen in every column means every row is filled
    }
    let count = 0;
    let free = full & ~(columns | diagDown | diagUp);
    while (free !== 0) {
      const bit = free & -free; // lowest free square in this row
      free ^= bit;
      count += place(columns | bit, ((diagDown | bit) << 1) & full, (diagUp | bit) >> 1);
    }
    return count;
  };
  return place(0, 0, 0);
}
