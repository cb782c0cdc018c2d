export function generatePascal(numRows: number): number[][] {
  // Build row by row: each new row is 1, the pairwise sums of the previous
  // row's neighbours, and 1 again.
  const rows: number[][] = [];
  for (let r = 0; r < numRows; r++) {
    if (r === 0) {
      rows.push([1]);
      continue;
    }
    const previous = rows[r - 1];
    const row = [1];
    for (let k = 0; k < previous.length - 1; k++) {
      row.push(previous[k] + previous[k + 1]);
    }
    row.push(1);
    rows.push(row);
  }
  return rows;
}
